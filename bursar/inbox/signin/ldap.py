"""The LDAP / Active Directory back end (``ldap3``).

Sign-in: find the user's entry (service-account search under ``user_base``, or the DN from
``user_dn_template`` for a direct bind), bind as that DN with the typed password, then read
the entry's groups (``group_attribute`` such as AD's ``memberOf``, or a search for groups
naming the DN under ``group_base``) and whether it matches ``disabled_filter``.

Re-check (every request, through a cache of ``recheck_seconds``): the same lookup with
the service account (or an anonymous bind when there is none), without the password.

An empty password is refused before any bind: LDAP treats a simple bind with a DN and no
password as an anonymous bind that succeeds (RFC 4513 5.1.2).
"""

from __future__ import annotations

import math
import ssl
from typing import Any

from bursar import secrets
from bursar.config import LdapSettings, SigninGroup
from bursar.errors import ConfigError, SystemError_

from .mapping import Verdict, verdict_for


def _ldap3() -> Any:
    import ldap3

    return ldap3


class LdapBackend:
    """Checks passwords and looks people up in one directory."""

    source = "ldap"

    def __init__(self, cfg: LdapSettings, mapping: list[SigninGroup]):
        if not cfg.user_dn_template and not cfg.user_base:
            raise ConfigError(
                "[signin.ldap] needs user_base (search) or user_dn_template (direct bind)",
                where="bursar.toml",
            )
        self.cfg, self.mapping = cfg, mapping

    # --- connections ------------------------------------------------------------------------

    def _server(self) -> Any:
        ldap3 = _ldap3()
        tls = None
        if self.cfg.url.lower().startswith("ldaps://") or self.cfg.start_tls:
            tls = ldap3.Tls(
                validate=ssl.CERT_REQUIRED,
                ca_certs_file=str(self.cfg.ca_file) if self.cfg.ca_file else None,
            )
        return ldap3.Server(self.cfg.url, tls=tls, connect_timeout=self.cfg.timeout,
                            get_info=ldap3.NONE)  # fmt: skip

    def _bind(self, dn: str | None, password: str | None) -> Any | None:
        """Return a bound connection, or None when the directory refuses the credentials;
        raise ``SystemError_`` when it cannot be reached (never with the password)."""
        ldap3 = _ldap3()
        from ldap3.core.exceptions import LDAPException, LDAPSocketOpenError

        try:
            wait = max(1, math.ceil(self.cfg.timeout))  # ldap3 packs it as an integer
            conn = ldap3.Connection(
                self._server(), user=dn, password=password, receive_timeout=wait,
                authentication=ldap3.SIMPLE if dn else ldap3.ANONYMOUS, raise_exceptions=False,
                auto_referrals=False,  # never carry a password to a server a referral names
            )  # fmt: skip
            conn.open()
            if self.cfg.start_tls and not self.cfg.url.lower().startswith("ldaps://"):
                conn.start_tls()
            if not conn.bind():
                conn.unbind()
                return None
            return conn
        except (LDAPSocketOpenError, OSError) as exc:
            raise SystemError_(
                f"the directory {self.cfg.url} cannot be reached: {type(exc).__name__}",
                where="ldap",
            ) from None
        except LDAPException as exc:
            raise SystemError_(
                f"the directory {self.cfg.url} answered with an error: {type(exc).__name__}",
                where="ldap",
            ) from None

    def _service(self) -> Any:
        password = None
        if self.cfg.bind_dn:
            password = secrets.require(
                self.cfg.bind_password_secret, what="the directory's service account"
            )
        conn = self._bind(self.cfg.bind_dn, password)
        if conn is None:
            raise SystemError_(
                "the directory refused the service account's bind (check [signin.ldap] "
                f"bind_dn and the secret {self.cfg.bind_password_secret!r})",
                where="ldap",
            )
        return conn

    # --- lookups ----------------------------------------------------------------------------

    def _filter(self, template: str, **values: str) -> str:
        from ldap3.utils.conv import escape_filter_chars

        return template.format(**{k: escape_filter_chars(v) for k, v in values.items()})

    def _find(self, conn: Any, username: str) -> tuple[str, dict[str, Any]] | None:
        """Return (DN, attributes) of the one entry for ``username``, or None."""
        ldap3 = _ldap3()
        attrs = [self.cfg.group_attribute] if self.cfg.group_attribute else []
        attrs += ["cn", "displayName", "mail"]
        if self.cfg.user_dn_template:
            from ldap3.utils.dn import escape_rdn

            base, scope = self.cfg.user_dn_template.format(username=escape_rdn(username)), "BASE"
            flt = "(objectClass=*)"
        else:
            base, scope = self.cfg.user_base, "SUBTREE"
            flt = self._filter(self.cfg.user_filter, username=username)
        scope = ldap3.BASE if scope == "BASE" else ldap3.SUBTREE
        conn.search(base, flt, search_scope=scope, attributes=attrs, size_limit=2)
        entries = [e for e in conn.response or [] if e.get("type") == "searchResEntry"]
        if len(entries) != 1:
            return None
        return entries[0]["dn"], dict(entries[0].get("attributes") or {})

    def _disabled(self, conn: Any, dn: str) -> bool:
        if not self.cfg.disabled_filter:
            return False
        ldap3 = _ldap3()
        conn.search(dn, self.cfg.disabled_filter, search_scope=ldap3.BASE, attributes=["1.1"])
        return any(e.get("type") == "searchResEntry" for e in conn.response or [])

    def _groups(self, conn: Any, dn: str, attrs: dict[str, Any]) -> list[str]:
        groups: list[str] = []
        if self.cfg.group_attribute:
            value = attrs.get(self.cfg.group_attribute) or []
            groups += [str(v) for v in (value if isinstance(value, list) else [value])]
        if self.cfg.group_base:
            ldap3 = _ldap3()
            conn.search(self.cfg.group_base, self._filter(self.cfg.group_filter, dn=dn),
                        search_scope=ldap3.SUBTREE, attributes=["1.1"])  # fmt: skip
            groups += [e["dn"] for e in conn.response or [] if e.get("type") == "searchResEntry"]
        return groups

    def _verdict(self, conn: Any, username: str) -> Verdict:
        found = self._find(conn, username)
        if found is None:
            return Verdict(False, username, reason="unknown")
        dn, attrs = found
        if self._disabled(conn, dn):
            return Verdict(False, username, dn, reason="disabled")
        return verdict_for(self.mapping, username=username, subject=dn,
                           groups=self._groups(conn, dn, attrs))  # fmt: skip

    # --- the interface ----------------------------------------------------------------------

    def check_password(self, username: str, password: str) -> Verdict:
        """Return the verdict for a sign-in with ``username`` and ``password``."""
        if not username or not password or len(username) > 256:
            return Verdict(False, username, reason="wrong_password")
        if self.cfg.user_dn_template and not self.cfg.bind_dn:
            from ldap3.utils.dn import escape_rdn

            dn = self.cfg.user_dn_template.format(username=escape_rdn(username))
            conn = self._bind(dn, password)
            if conn is None:
                return Verdict(False, username, reason="wrong_password")
            try:
                return self._verdict(conn, username)
            finally:
                conn.unbind()
        conn = self._service()
        try:
            found = self._find(conn, username)
            if found is None:
                return Verdict(False, username, reason="wrong_password")
            user_conn = self._bind(found[0], password)
            if user_conn is None:
                return Verdict(False, username, reason="wrong_password")
            user_conn.unbind()
            return self._verdict(conn, username)
        finally:
            conn.unbind()

    def lookup(self, username: str) -> Verdict:
        """Return the verdict for ``username`` now, without their password (re-checks)."""
        conn = self._service()
        try:
            return self._verdict(conn, username)
        finally:
            conn.unbind()
