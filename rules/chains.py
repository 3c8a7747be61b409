"""Approval chains as rule-pack data: who approves, in which order, chosen by amount tier,
cost centre and vendor (issue 26).

A rule pack's ``approval_chains`` section::

    approval_chains:
      cost_centres:                     # who owns each cost centre (its budget owner)
        CC-100: {owner: olga}
      vendor_cost_centres: {V001: CC-100}   # where a vendor's invoices are booked when the
                                            # invoice itself names no ``cost_centre``
      chains:                           # the first that matches wins: list high tiers first
        - name: above 100k
          above: "100000.00"            # in the limit currency (``base_currency``)
          steps:
            - {owner: cost_centre, label: budget owner}
            - {role: controller}
            - {user: fiona, label: CFO}
        - name: above 10k
          above: "10000.00"
          vendors: [V001]               # optional filters: vendors, cost_centres
          steps:
            - {owner: cost_centre, escalate_after_hours: 24, escalate_to: {role: controller}}
            - {role: controller}

A step names one of ``role`` (a user whose role ranks at least that: approver <
controller < admin), ``user`` (that person) or ``owner: cost_centre`` (the document's
cost-centre owner; when none is known the step falls to ``otherwise``, a role, by default
controller). ``escalate_after_hours`` and ``escalate_to`` (``{role: R}`` or ``{user: U}``)
say when a step waiting too long may also be taken by someone else. Pure: no database.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from rules.money import to_decimal
from rules.overrides import RANKS
from rules.packyaml import Located

STEP_KEYS = {"role", "user", "owner", "label", "otherwise", "escalate_after_hours", "escalate_to"}
CHAIN_KEYS = {"name", "above", "vendors", "cost_centres", "steps"}
SECTION_KEYS = {"cost_centres", "vendor_cost_centres", "chains"}


@dataclass(frozen=True, slots=True)
class Target:
    """Who may act: everyone whose role ranks at least ``role``, or the one ``user``."""

    role: str | None = None
    user: str | None = None

    def describe(self) -> str:
        return self.user if self.user else f"a {self.role}"

    def to_json(self) -> dict[str, str]:
        return {"user": self.user} if self.user else {"role": self.role or ""}


@dataclass(frozen=True, slots=True)
class Step:
    role: str | None = None
    user: str | None = None
    owner: str | None = None  # "cost_centre"
    label: str | None = None
    otherwise: str = "controller"  # the role when no owner is known
    escalate_after_hours: Decimal | None = None
    escalate_to: Target | None = None

    def target(self, owner: str | None) -> Target:
        """Return who fills this step, given the document's cost-centre owner (or None)."""
        if self.user:
            return Target(user=self.user)
        if self.owner:
            return Target(user=owner) if owner else Target(role=self.otherwise)
        return Target(role=self.role or "approver")

    def name(self, owner: str | None) -> str:
        """Return the step in words, e.g. ``budget owner (olga)`` or ``controller``."""
        who = self.target(owner)
        if self.label:
            return (
                f"{self.label} ({who.user})" if who.user and who.user != self.label else self.label
            )
        if self.owner:
            return f"cost-centre owner ({owner})" if owner else f"{self.otherwise} (no owner known)"
        return who.user or who.role or "approver"

    def to_json(self) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in ("role", "user", "owner", "label") if getattr(self, k)}
        if self.escalate_after_hours is not None:
            out["escalate_after_hours"] = str(self.escalate_after_hours)
        if self.escalate_to is not None:
            out["escalate_to"] = self.escalate_to.to_json()
        return out


@dataclass(frozen=True, slots=True)
class Chain:
    name: str
    above: Decimal
    steps: tuple[Step, ...]
    vendors: frozenset[str] = frozenset()
    cost_centres: frozenset[str] = frozenset()

    @property
    def sig(self) -> str:
        """Return a short fingerprint: approvals given under another chain never count."""
        spec = {"name": self.name, "above": str(self.above),
                "steps": [s.to_json() for s in self.steps]}  # fmt: skip
        return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:16]

    def matches(self, amount: Decimal, vendor: str | None, cost_centre: str | None) -> bool:
        return (
            amount > self.above
            and (not self.vendors or (vendor or "") in self.vendors)
            and (not self.cost_centres or (cost_centre or "") in self.cost_centres)
        )


@dataclass(frozen=True)
class ChainConfig:
    chains: tuple[Chain, ...] = ()
    owners: Mapping[str, str] = field(default_factory=dict)  # cost centre -> owner
    vendor_cost_centres: Mapping[str, str] = field(default_factory=dict)

    @property
    def uses_cost_centres(self) -> bool:
        """True when some chain or step depends on the document's cost centre."""
        return any(c.cost_centres or any(s.owner for s in c.steps) for c in self.chains)

    def choose(self, amount: Decimal, vendor: str | None, cost_centre: str | None) -> Chain | None:
        """Return the first chain that matches, or None (one approval, as without chains)."""
        return next((c for c in self.chains if c.matches(amount, vendor, cost_centre)), None)

    def cost_centre(self, named: str | None, vendor: str | None) -> str | None:
        """Return the document's cost centre: the one it names, else its vendor's."""
        return (named or "").strip() or self.vendor_cost_centres.get(vendor or "") or None


def _target(doc: Located, spec: Any, where: Mapping[str, Any], key: str) -> Target:
    if not isinstance(spec, Mapping) or len(spec) != 1 or not ({"role", "user"} & set(spec)):
        raise doc.error(where, f"'{key}' must be {{role: R}} or {{user: NAME}}", key)
    if "role" in spec:
        return Target(role=_role(doc, spec, "role"))
    return Target(user=str(spec["user"]).strip())


def _role(doc: Located, spec: Mapping[str, Any], key: str) -> str:
    role = str(spec.get(key))
    if role not in RANKS:
        raise doc.error(spec, f"a chain step's {key} must be one of {', '.join(RANKS)}", key)
    return role


def _step(doc: Located, spec: Any, chain: Mapping[str, Any]) -> Step:
    if not isinstance(spec, Mapping):
        raise doc.error(chain, "each chain step must be a mapping", "steps")
    unknown = sorted(set(map(str, spec)) - STEP_KEYS)
    if unknown:
        raise doc.error(spec, f"unknown step key '{unknown[0]}' ({', '.join(sorted(STEP_KEYS))})",
                        unknown[0])  # fmt: skip
    who = [k for k in ("role", "user", "owner") if spec.get(k)]
    if len(who) != 1:
        raise doc.error(spec, "a chain step names exactly one of role, user, owner", None)
    if spec.get("owner") and spec["owner"] != "cost_centre":
        raise doc.error(spec, "a step's owner can only be cost_centre", "owner")
    hours = spec.get("escalate_after_hours")
    wait = to_decimal(hours) if hours is not None else None
    if hours is not None and (wait is None or wait <= 0):
        raise doc.error(
            spec, "escalate_after_hours must be a positive number", "escalate_after_hours"
        )
    to = spec.get("escalate_to")
    if (wait is None) != (to is None):
        raise doc.error(spec, "escalate_after_hours and escalate_to go together", None)
    return Step(
        role=_role(doc, spec, "role") if "role" in spec else None,
        user=str(spec["user"]).strip() if spec.get("user") else None,
        owner=spec.get("owner") or None,
        label=str(spec["label"]) if spec.get("label") else None,
        otherwise=_role(doc, spec, "otherwise") if "otherwise" in spec else "controller",
        escalate_after_hours=wait,
        escalate_to=_target(doc, to, spec, "escalate_to") if to is not None else None,
    )


def _names(doc: Located, spec: Mapping[str, Any], key: str) -> frozenset[str]:
    value = spec.get(key) or []
    if not isinstance(value, list):
        raise doc.error(spec, f"'{key}' must be a list", key)
    return frozenset(str(v).strip() for v in value)


def _chain(doc: Located, spec: Any, section: Mapping[str, Any], n: int) -> Chain:
    if not isinstance(spec, Mapping):
        raise doc.error(section, "each approval chain must be a mapping", "chains")
    unknown = sorted(set(map(str, spec)) - CHAIN_KEYS)
    if unknown:
        raise doc.error(spec, f"unknown chain key '{unknown[0]}' ({', '.join(sorted(CHAIN_KEYS))})",
                        unknown[0])  # fmt: skip
    above = to_decimal(spec.get("above", 0))
    if above is None or above < 0:
        raise doc.error(spec, "a chain's 'above' must be a non-negative amount", "above")
    steps = spec.get("steps")
    if not isinstance(steps, list) or not steps:
        raise doc.error(spec, "a chain needs a non-empty list of steps", "steps")
    return Chain(
        name=str(spec.get("name") or f"chain {n}"),
        above=above,
        steps=tuple(_step(doc, s, spec) for s in steps),
        vendors=_names(doc, spec, "vendors"),
        cost_centres=_names(doc, spec, "cost_centres"),
    )


def parse(doc: Located, section: Mapping[str, Any]) -> ChainConfig:
    """Return the chains of an ``approval_chains`` section; raise ``file:line`` errors."""
    unknown = sorted(set(map(str, section)) - SECTION_KEYS)
    if unknown:
        raise doc.error(section, f"unknown key '{unknown[0]}' in approval_chains "
                        f"({', '.join(sorted(SECTION_KEYS))})", unknown[0])  # fmt: skip
    owners: dict[str, str] = {}
    for code, spec in (section.get("cost_centres") or {}).items():
        if not isinstance(spec, Mapping) or not spec.get("owner"):
            raise doc.error(
                section["cost_centres"], f"cost centre '{code}' needs an owner", str(code)
            )
        owners[str(code)] = str(spec["owner"]).strip()
    vendors = section.get("vendor_cost_centres") or {}
    if not isinstance(vendors, Mapping):
        raise doc.error(section, "'vendor_cost_centres' must be a mapping", "vendor_cost_centres")
    chains = section.get("chains") or []
    if not isinstance(chains, list):
        raise doc.error(section, "'chains' must be a list", "chains")
    return ChainConfig(
        chains=tuple(_chain(doc, c, section, n) for n, c in enumerate(chains, start=1)),
        owners=owners,
        vendor_cost_centres={str(k): str(v) for k, v in vendors.items()},
    )
