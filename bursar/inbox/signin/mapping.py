"""Groups -> role and approval limit, from ``[[signin.groups]]`` in ``bursar.toml``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from bursar.config import SigninGroup
from bursar.errors import ConfigError
from bursar.roles import ROLES


@dataclass(frozen=True)
class Verdict:
    """What a directory or provider says about a person now: allowed with a role and limit,
    or refused with a reason (``wrong_password``, ``disabled``, ``no_group``, ``unknown``)."""

    allowed: bool
    username: str = ""
    subject: str = ""  # LDAP DN, or "issuer|sub"
    groups: tuple[str, ...] = ()
    role: str | None = None
    limit: Decimal | None = None
    reason: str = ""
    display: dict[str, str] = field(default_factory=dict)


def check_mapping(groups: Iterable[SigninGroup]) -> None:
    """Raise ``ConfigError`` when an entry names a role Bursar does not have."""
    for entry in groups:
        if entry.role not in ROLES:
            raise ConfigError(
                f"[[signin.groups]] {entry.group!r}: unknown role {entry.role!r}; "
                f"choose one of {', '.join(ROLES)}",
                where="bursar.toml",
            )


def _norm(group: str) -> str:
    return " ".join(group.split()).casefold()


def map_groups(
    mapping: Iterable[SigninGroup], groups: Iterable[str]
) -> tuple[str, Decimal | None] | None:
    """Return (role, limit) of the first mapping entry whose group the person is in (in the
    order written), or None when they are in none. Groups compare without case."""
    held = {_norm(g) for g in groups}
    for entry in mapping:
        if _norm(entry.group) in held:
            return entry.role, entry.limit
    return None


def verdict_for(
    mapping: Iterable[SigninGroup],
    *,
    username: str,
    subject: str,
    groups: Iterable[str],
    display: dict[str, str] | None = None,
) -> Verdict:
    """Return the verdict for a person the directory or provider vouched for."""
    groups = tuple(sorted(set(groups)))
    found = map_groups(mapping, groups)
    if found is None:
        return Verdict(False, username, subject, groups, reason="no_group")
    role, limit = found
    return Verdict(True, username, subject, groups, role, limit, display=display or {})
