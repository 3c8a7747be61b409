"""Rule packs: tolerances, limits and custom rules as YAML data, loaded whole or refused.

``load_pack("default")`` reads ``rules/packs/default.yml``; any other argument that
names a file is read from there. The pack's ``sha256`` is the hash of the file's
bytes, recorded with every decision so a decision can be traced to its policy.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from bursar.errors import InputError
from rules import chains, custom, overrides, tolerance
from rules.custom import CustomRule
from rules.money import to_decimal
from rules.overrides import OverridePolicy
from rules.packyaml import Located, load_located
from rules.tolerance import Tolerances

PACKS_DIR = Path(__file__).resolve().parent / "packs"
SECTIONS = {
    "name", "description", "version", "confidence", "required_fields", "matching", "tolerances",
    "arithmetic", "tax_rates", "duplicates", "approval", "claims", "units", "currencies",
    "custom_rules", "cases", "unit_aliases", "overrides", "approval_chains",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ApprovalTier:
    up_to: Decimal | None  # None: no upper bound
    role: str


@dataclass(frozen=True)
class RulePack:
    """A loaded, validated rule pack. Read the fields; never mutate."""

    name: str
    path: Path
    sha256: str
    config: Mapping[str, Any]
    tolerance_specs: Mapping[str, Any]
    custom_rules: tuple[CustomRule, ...] = ()
    approval_limits: Mapping[str, Decimal] = field(default_factory=dict)
    approval_tiers: tuple[ApprovalTier, ...] = ()
    tax_rates: Mapping[str, frozenset[Decimal]] = field(default_factory=dict)
    units: Mapping[tuple[str, str], Decimal] = field(default_factory=dict)
    currencies: Mapping[str, int] = field(default_factory=dict)
    unit_aliases: Mapping[str, str] = field(default_factory=dict)
    override_default: OverridePolicy = OverridePolicy()  # issue 12: override authority
    override_rules: Mapping[str, OverridePolicy] = field(default_factory=dict)
    approval_chains: chains.ChainConfig = chains.ChainConfig()  # issue 26: who approves, in order
    _cache: dict[tuple[str, str], Tolerances] = field(default_factory=dict, repr=False)

    def section(self, name: str) -> Mapping[str, Any]:
        """Return one top-level section of the pack (empty when absent)."""
        value = self.config.get(name)
        return value if isinstance(value, Mapping) else {}

    def with_max_risk(self, max_risk: float | None) -> RulePack:
        """Return this pack stating another risk (``confidence.max_risk``; None: none, the
        raw confidence thresholds apply), as a what-if or a benchmark compares them."""
        conf = {k: v for k, v in self.section("confidence").items() if k != "max_risk"}
        if max_risk is not None:
            conf["max_risk"] = max_risk
        return replace(self, config={**self.config, "confidence": conf}, _cache={})

    def setting(self, section: str, key: str, default: Any = None) -> Any:
        """Return ``section.key`` from the pack, or ``default``."""
        return self.section(section).get(key, default)

    def tolerances_for(self, vendor_id: str = "", category: str = "") -> Tolerances:
        """Return the tolerances for a vendor: pack default, then category, then vendor."""
        key = (vendor_id, category)
        cached = self._cache.get(key)
        if cached is None:
            spec = dict(self.tolerance_specs.get("default") or {})
            spec = tolerance.merge(
                spec, (self.tolerance_specs.get("categories") or {}).get(category) or {}
            )
            spec = tolerance.merge(
                spec, (self.tolerance_specs.get("vendors") or {}).get(vendor_id) or {}
            )
            cached = self._cache[key] = tolerance.build(spec)
        return cached

    def approval_limit(self, currency: str | None) -> Decimal | None:
        """Return the largest total that may be approved without a person, None for no limit."""
        return self.approval_limits.get(
            (currency or "").upper(), self.approval_limits.get("default")
        )

    def approver_for(self, total: Decimal) -> str:
        """Return the role that must approve a document of this total."""
        for tier in self.approval_tiers:
            if tier.up_to is None or total <= tier.up_to:
                return tier.role
        return self.approval_tiers[-1].role if self.approval_tiers else "approver"

    def override_for(self, rule: str) -> OverridePolicy:
        """Return who may approve over a blocking finding of ``rule``, and what it takes."""
        return self.override_rules.get(rule, self.override_default)

    def canonical_unit(self, unit: str) -> str:
        """Return the pack's name for a unit code (``H87`` and ``PCE`` -> ``EA``)."""
        return self.unit_aliases.get(unit, unit)

    def unit_factor(self, from_unit: str, to_unit: str) -> Decimal | None:
        """Return a generic conversion declared by the pack (``1 DZ = 12 EA``), or None."""
        if (from_unit, to_unit) in self.units:
            return self.units[(from_unit, to_unit)]
        if (to_unit, from_unit) in self.units:
            return 1 / self.units[(to_unit, from_unit)]
        return None


def resolve_path(name_or_path: str | Path) -> Path:
    """Return the pack file for a pack name or a path; raise InputError when there is none."""
    text = str(name_or_path)
    candidate = Path(text).expanduser()
    if candidate.suffix in {".yml", ".yaml"} or candidate.is_file():
        if not candidate.is_file():
            raise InputError(f"rule pack file not found: {candidate}")
        return candidate
    named = PACKS_DIR / f"{text}.yml"
    if named.is_file():
        return named
    known = ", ".join(sorted(p.stem for p in PACKS_DIR.glob("*.yml") if ".cases" not in p.name))
    raise InputError(f"no rule pack named '{text}' (known: {known}); pass a name or a .yml path")


def load_pack(name_or_path: str | Path = "default") -> RulePack:
    """Return the validated pack; any error raises InputError ``file:line: reason``."""
    path = resolve_path(name_or_path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("rule pack is not UTF-8 text", where=f"{path}:1") from None
    doc = load_located(path, text)
    return _parse(doc, hashlib.sha256(raw).hexdigest())


def _mapping(doc: Located, parent: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = parent.get(key)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise doc.error(parent, f"'{key}' must be a mapping", key)
    return value


def _parse(doc: Located, sha: str) -> RulePack:
    data = doc.data
    if not isinstance(data, Mapping):
        raise InputError("a rule pack must be a YAML mapping", where=f"{doc.path}:1")
    unknown = sorted(set(map(str, data)) - SECTIONS)
    if unknown:
        raise doc.error(data, f"unknown section '{unknown[0]}'", unknown[0])
    limits, tiers = _approval(doc, _mapping(doc, data, "approval"))
    override_default, override_rules = overrides.parse(doc, _mapping(doc, data, "overrides"))
    return RulePack(
        name=str(data.get("name") or doc.path.stem),
        path=doc.path,
        sha256=sha,
        config=data,
        tolerance_specs=_tolerances(doc, _mapping(doc, data, "tolerances")),
        custom_rules=_custom_rules(doc, data),
        approval_limits=limits,
        approval_tiers=tiers,
        tax_rates=_tax_rates(doc, _mapping(doc, data, "tax_rates")),
        units=_units(doc, data),
        currencies={str(k).upper(): int(v) for k, v in _mapping(doc, data, "currencies").items()},
        unit_aliases={
            str(k).upper(): str(v).upper() for k, v in _mapping(doc, data, "unit_aliases").items()
        },
        override_default=override_default,
        override_rules=override_rules,
        approval_chains=chains.parse(doc, _mapping(doc, data, "approval_chains")),
    )


def _check_tolerance(doc: Located, spec: Mapping[str, Any]) -> None:
    for dim, limits in spec.items():
        if dim == "small_difference":
            values = limits.values() if isinstance(limits, Mapping) else [limits]
            if any(to_decimal(v) is None for v in values):
                raise doc.error(spec, "small_difference must be an amount", dim)
            continue
        if dim not in tolerance.DIMENSIONS:
            raise doc.error(spec, f"unknown tolerance '{dim}' (price, quantity, amount)", dim)
        if not isinstance(limits, Mapping):
            raise doc.error(spec, f"tolerance '{dim}' must be a mapping", dim)
        for key, value in limits.items():
            if key not in tolerance.LIMIT_KEYS:
                raise doc.error(
                    limits, f"unknown limit '{key}' ({', '.join(tolerance.LIMIT_KEYS)})", key
                )
            number = to_decimal(value)
            if value is not None and (number is None or number < 0):
                raise doc.error(limits, f"'{key}' must be a non-negative number or null", key)


def _tolerances(doc: Located, section: Mapping[str, Any]) -> Mapping[str, Any]:
    _check_tolerance(doc, _mapping(doc, section, "default"))
    for group in ("categories", "vendors"):
        for key, spec in _mapping(doc, section, group).items():
            if not isinstance(spec, Mapping):
                raise doc.error(
                    section[group], f"tolerances for '{key}' must be a mapping", str(key)
                )
            _check_tolerance(doc, spec)
    return section


def _approval(
    doc: Located, section: Mapping[str, Any]
) -> tuple[dict[str, Decimal], tuple[ApprovalTier, ...]]:
    raw = section.get("auto_approve_limit")
    raw_map = raw if isinstance(raw, Mapping) else ({"default": raw} if raw is not None else {})
    limits: dict[str, Decimal] = {}
    for key, value in raw_map.items():
        number = to_decimal(value)
        if number is None:
            raise doc.error(
                section, f"auto_approve_limit for '{key}' must be an amount", "auto_approve_limit"
            )
        limits["default" if key == "default" else str(key).upper()] = number
    tiers = []
    for item in section.get("roles") or ():
        if not isinstance(item, Mapping) or not item.get("role"):
            raise doc.error(section, "each approval role needs 'role' and 'up_to'", "roles")
        tiers.append(ApprovalTier(up_to=to_decimal(item.get("up_to")), role=str(item["role"])))
    return limits, tuple(tiers)


def _tax_rates(doc: Located, section: Mapping[str, Any]) -> dict[str, frozenset[Decimal]]:
    out: dict[str, frozenset[Decimal]] = {}
    for country, rates in section.items():
        if country == "default_country":
            continue
        numbers = [to_decimal(r) for r in rates or ()] if isinstance(rates, list) else [None]
        if any(n is None for n in numbers):
            raise doc.error(
                section, f"tax rates for '{country}' must be a list of numbers", str(country)
            )
        out[str(country).upper()] = frozenset(n.normalize() for n in numbers if n is not None)
    return out


def _units(doc: Located, data: Mapping[str, Any]) -> dict[tuple[str, str], Decimal]:
    out: dict[tuple[str, str], Decimal] = {}
    for item in data.get("units") or ():
        factor = to_decimal(item.get("factor")) if isinstance(item, Mapping) else None
        if not factor or not item.get("from") or not item.get("to"):
            raise doc.error(
                item if isinstance(item, Mapping) else data, "unit needs from, to, factor > 0", None
            )
        out[(str(item["from"]).upper(), str(item["to"]).upper())] = factor
    return out


def _custom_rules(doc: Located, data: Mapping[str, Any]) -> tuple[CustomRule, ...]:
    items = data.get("custom_rules") or ()
    if not isinstance(items, list):
        raise doc.error(data, "'custom_rules' must be a list", "custom_rules")
    context = custom.make_context()
    compiled = []
    for item in items:
        if not isinstance(item, Mapping):
            raise doc.error(data, "each custom rule must be a mapping", "custom_rules")
        try:
            compiled.append(custom.compile_rule(item, context))
        except ValueError as exc:
            key = "when" if "expression" in str(exc) else None
            raise doc.error(item, str(exc), key) from None
    return tuple(compiled)
