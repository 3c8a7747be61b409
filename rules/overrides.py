"""Override authority: who may approve a document despite a blocking finding, per rule code.

A rule pack's ``overrides`` section holds it as data (issue 12)::

    overrides:
      default: {role: approver, min_comment: 10}
      rules:
        duplicate_invoice: {role: controller, second_person: true, min_comment: 20,
                            reason_codes: [not_a_duplicate, credit_note_pending]}

``role`` is the lowest role that may override (approver < controller < admin);
``reason_codes`` a list the approver must pick from (empty: none needed);
``min_comment`` the characters of comment required; ``second_person`` that two different
people must sign off, one of them holding ``role``. A rule without an entry takes ``default``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rules.packyaml import Located

RANKS = {"approver": 1, "controller": 2, "admin": 3}
KEYS = {"role", "reason_codes", "min_comment", "second_person"}


@dataclass(frozen=True, slots=True)
class OverridePolicy:
    role: str = "approver"
    reason_codes: tuple[str, ...] = ()
    min_comment: int = 10
    second_person: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "reason_codes": list(self.reason_codes),
            "min_comment": self.min_comment,
            "second_person": self.second_person,
        }


def rank(role: str) -> int:
    """Return how senior a role is for overrides (0: may not override at all)."""
    return RANKS.get(role, 0)


def _policy(doc: Located, spec: Any, where: Mapping[str, Any], key: str) -> OverridePolicy:
    if not isinstance(spec, Mapping):
        raise doc.error(where, f"override policy for '{key}' must be a mapping", key)
    unknown = sorted(set(map(str, spec)) - KEYS)
    if unknown:
        raise doc.error(spec, f"unknown override key '{unknown[0]}' ({', '.join(sorted(KEYS))})",
                        unknown[0])  # fmt: skip
    role = str(spec.get("role", "approver"))
    if role not in RANKS:
        raise doc.error(spec, f"override role must be one of {', '.join(RANKS)}", "role")
    codes = spec.get("reason_codes") or []
    if not isinstance(codes, list) or not all(isinstance(c, str) and c.strip() for c in codes):
        raise doc.error(spec, "reason_codes must be a list of codes", "reason_codes")
    comment = spec.get("min_comment", 10)
    if not isinstance(comment, int) or isinstance(comment, bool) or not 0 <= comment <= 2000:
        raise doc.error(spec, "min_comment must be a whole number from 0 to 2000", "min_comment")
    second = spec.get("second_person", False)
    if not isinstance(second, bool):
        raise doc.error(spec, "second_person must be true or false", "second_person")
    return OverridePolicy(role, tuple(c.strip() for c in codes), comment, second)


def parse(
    doc: Located, section: Mapping[str, Any]
) -> tuple[OverridePolicy, dict[str, OverridePolicy]]:
    """Return the default policy and the policies per rule code of an ``overrides`` section."""
    unknown = sorted(set(map(str, section)) - {"default", "rules"})
    if unknown:
        raise doc.error(section, f"unknown key '{unknown[0]}' in overrides (default, rules)",
                        unknown[0])  # fmt: skip
    default = (
        _policy(doc, section["default"], section, "default")
        if section.get("default") is not None
        else OverridePolicy()
    )
    rules = section.get("rules") or {}
    if not isinstance(rules, Mapping):
        raise doc.error(section, "'rules' in overrides must be a mapping", "rules")
    return default, {str(k): _policy(doc, v, rules, str(k)) for k, v in rules.items()}
