"""A throwaway OpenLDAP directory for the sign-in tests: Debian's ``slapd`` on a loopback
port as the current user, a configuration and database of its own in a temporary folder,
the memberOf overlay (groups on the user entry, as Active Directory has them), and a test
directory loaded with ``ldapadd``. A sandbox, never a production server.
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path

from devkit.ports import free_port, wait_for_port

SLAPD = Path("/usr/sbin/slapd")
SCHEMA = Path("/etc/ldap/schema")
MODULES = Path("/usr/lib/ldap")
SUFFIX = "dc=example,dc=test"
ADMIN_DN = f"cn=admin,{SUFFIX}"
SERVICE_DN = f"cn=bursar-svc,ou=service,{SUFFIX}"


def missing() -> str | None:
    """Return why a test directory cannot start here, or None when it can."""
    if not SLAPD.exists():
        return "Debian's slapd is not installed (make apt-test installs slapd ldap-utils)"
    if not shutil.which("ldapadd"):
        return "ldapadd is not installed (Debian package ldap-utils)"
    if not (MODULES / "back_mdb.so").exists() or not (MODULES / "memberof.so").exists():
        return f"slapd's back_mdb or memberof module is missing from {MODULES}"
    return None


def _conf(folder: Path, admin_password: str) -> str:
    schemas = "\n".join(
        f"include {SCHEMA / name}.schema" for name in ("core", "cosine", "inetorgperson", "nis")
    )
    return f"""{schemas}
modulepath {MODULES}
moduleload back_mdb
moduleload memberof
pidfile {folder}/slapd.pid
argsfile {folder}/slapd.args

database mdb
maxsize 33554432
suffix "{SUFFIX}"
rootdn "{ADMIN_DN}"
rootpw {admin_password}
directory {folder}/data
overlay memberof
memberof-group-oc groupOfNames
memberof-member-ad member
memberof-memberof-ad memberOf
memberof-refint true

access to attrs=userPassword
    by self read
    by anonymous auth
    by * none
access to *
    by dn.exact="{SERVICE_DN}" read
    by self read
    by * none
"""


class Directory:
    """A running slapd with an admin DN; ``add`` and ``modify`` change the directory."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="bursar-slapd-"))
        self.admin_password = secrets.token_urlsafe(16)
        self.port = free_port()
        self.url = f"ldap://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> Directory:
        (self.folder / "data").mkdir()
        conf = self.folder / "slapd.conf"
        conf.write_text(_conf(self.folder, self.admin_password))
        log = open(self.folder / "slapd.log", "wb")  # noqa: SIM115 - kept open for the server
        self.proc = subprocess.Popen(
            [str(SLAPD), "-f", str(conf), "-h", f"{self.url}/", "-d", "0"],
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_for_port(self.port, self.proc, 20, "slapd", self.folder / "slapd.log")
        return self

    def add(self, ldif: str) -> None:
        """Load LDIF entries with ldapadd as the admin."""
        subprocess.run(
            ["ldapadd", "-x", "-H", self.url, "-D", ADMIN_DN, "-w", self.admin_password],
            input=ldif.encode(), check=True, capture_output=True, timeout=30,
        )  # fmt: skip

    def modify(self, ldif: str) -> None:
        """Apply an LDIF change record with ldapmodify as the admin."""
        subprocess.run(
            ["ldapmodify", "-x", "-H", self.url, "-D", ADMIN_DN, "-w", self.admin_password],
            input=ldif.encode(), check=True, capture_output=True, timeout=30,
        )  # fmt: skip

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        shutil.rmtree(self.folder, ignore_errors=True)


def base_ldif(service_password: str) -> str:
    """The tree every test directory starts with: people, groups and the service account."""
    return f"""dn: {SUFFIX}
objectClass: dcObject
objectClass: organization
dc: example
o: Example Test Ltd

dn: ou=people,{SUFFIX}
objectClass: organizationalUnit
ou: people

dn: ou=groups,{SUFFIX}
objectClass: organizationalUnit
ou: groups

dn: ou=service,{SUFFIX}
objectClass: organizationalUnit
ou: service

dn: {SERVICE_DN}
objectClass: organizationalRole
objectClass: simpleSecurityObject
cn: bursar-svc
userPassword: {service_password}
"""


def person_ldif(uid: str, password: str, name: str) -> str:
    return f"""dn: uid={uid},ou=people,{SUFFIX}
objectClass: inetOrgPerson
uid: {uid}
cn: {name}
sn: {name.split()[-1]}
displayName: {name}
mail: {uid}@example.test
userPassword: {password}
"""


def group_ldif(cn: str, members: list[str]) -> str:
    lines = [f"dn: cn={cn},ou=groups,{SUFFIX}", "objectClass: groupOfNames", f"cn: {cn}"]
    lines += [f"member: uid={m},ou=people,{SUFFIX}" for m in members]
    return "\n".join(lines) + "\n"
