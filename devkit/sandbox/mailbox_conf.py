"""The sandbox mailbox's files: Dovecot's config, the passwd-file user, a TLS certificate.

Split from ``devkit.sandbox.mailbox`` (which starts and stops the server); see its
docstring for the Dovecot facts these settings rest on.
"""

from __future__ import annotations

import base64
import hashlib
import os
import pwd
from pathlib import Path

FOLDERS = ("Processed", "Skipped")  # created on first login (``auto = create``)


def ssha512(password: str) -> str:
    """Return ``password`` in Dovecot's salted SHA-512 scheme (no plain text on disk)."""
    salt = os.urandom(8)
    digest = hashlib.sha512(password.encode() + salt).digest()
    return "{SSHA512}" + base64.b64encode(digest + salt).decode()


def self_signed(folder: Path) -> Path:
    """Write a key and a certificate for 127.0.0.1/localhost; return the certificate."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    folder.mkdir(mode=0o700)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_file = folder / "key.pem"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_file.chmod(0o600)
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return folder / "cert.pem"


def _listeners(root: Path, port: int, tls: bool) -> str:
    """Return the ssl settings and the IMAP listeners: plain IMAP, or IMAPS only."""
    plain, imaps = (0, port) if tls else (port, 0)
    ssl = (
        f"ssl = required\nssl_cert = <{root}/tls/cert.pem\nssl_key = <{root}/tls/key.pem\n"
        if tls
        else "ssl = no\n"
    )
    return f"""{ssl}service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {plain}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps}
  }}
}}
"""


def config_text(root: Path, port: int, internal_user: str, login_user: str, tls: bool) -> str:
    # Non-root: the stock unix listeners ask for group "dovecot"; empty them (see docstring).
    groupless = "".join(
        f"service {svc} {{\n  unix_listener {sock} {{\n    group =\n  }}\n}}\n"
        for svc, sock in (
            ("stats", "stats-writer"),
            ("imap-hibernate", "imap-hibernate"),
            ("dict", "dict"),
            ("dict-async", "dict-async"),
        )
    )
    mailboxes = "".join(f"  mailbox {name} {{\n    auto = create\n  }}\n" for name in FOLDERS)
    return f"""# Bursar sandbox mailbox: written by devkit/sandbox/mailbox.py, removed on stop.
instance_name = bursar-{root.name}
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = {internal_user}
default_login_user = {login_user}
first_valid_uid = 1
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = username_format=%u {root}/passwd
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {root}/passwd
}}
namespace inbox {{
  inbox = yes
  separator = /
{mailboxes}}}
{_listeners(root, port, tls)}service anvil {{
  chroot =
}}
{groupless}"""


def write_user(root: Path, user: str, password: str) -> tuple[str, str]:
    """Write passwd file and maildir owner; return (internal user, login user)."""
    if os.geteuid() == 0:
        mail = pwd.getpwnam("nobody")
        internal, login = "dovecot", "dovenull"
        os.chmod(root, 0o711)  # noqa: S103 - the mail user passes through; lists nothing
    else:
        mail = pwd.getpwuid(os.geteuid())
        internal = login = mail.pw_name
    (root / "mail").mkdir()
    os.chown(root / "mail", mail.pw_uid, mail.pw_gid)
    passwd = root / "passwd"
    passwd.write_text(
        f"{user}:{ssha512(password)}:{mail.pw_uid}:{mail.pw_gid}::{root}/mail/{user}::\n"
    )
    if os.geteuid() == 0:  # the auth process (internal user) reads it; nobody else may
        os.chown(passwd, 0, pwd.getpwnam(internal).pw_gid)
    os.chmod(passwd, 0o640 if os.geteuid() == 0 else 0o600)
    return internal, login
