"""Synthetic X12 837P / 837I claim files with truth, and the master data they meet.

``scenario(seed, claims=..., kind="P"|"I", problems=True)`` returns a ``Scenario``: the
837 text, the fee schedule and policies (contract 4.2 rows, the fee schedule with its
optional ``modifier``, ``place_of_service`` and ``max_units_per_day`` columns), the claims
pack settings (procedure pairs, timely filing), and the truth: every claim's fields and
lines as ``bursar extract`` must read them, and every line's expected outcome
(``paid`` with its amount, ``denied`` with its CARC, or ``pend`` with its rule).

Codes are public code sets only: HCPCS Level II procedure codes and ICD-10-CM
diagnoses, with our own neutral descriptions (no copyrighted code descriptions).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from stdnum import luhn

# HCPCS Level II codes (public), our own short wording, unit fee, units per day allowed.
SERVICES: tuple[tuple[str, str, str, int], ...] = (
    ("G0008", "Vaccine administration A", "25.00", 1),
    ("G0009", "Vaccine administration B", "25.00", 1),
    ("G0438", "Annual wellness visit initial", "170.00", 1),
    ("G0439", "Annual wellness visit later", "115.00", 1),
    ("G0283", "Electrical stimulation", "12.50", 4),
    ("J1100", "Injection drug D", "0.20", 40),
    ("J3301", "Injection drug T", "1.60", 8),
    ("A4253", "Glucose test strips", "0.45", 10),
    ("E0114", "Crutches pair", "48.00", 1),
    ("A0428", "Ambulance basic transport", "230.00", 2),
    ("Q4081", "Injection drug E", "0.90", 20),
    ("G0181", "Home care supervision", "105.00", 1),
)
NOT_COVERED = ("G0447", "Counselling service O", "21.00", 1)
UNKNOWN_CODES = ("G9999", "A9270", "S9999")
DIAGNOSES = ("I10", "E119", "J069", "M5450", "R05", "Z0000", "E785", "K219")
POS_OFFICE, POS_HOSPITAL_OP = "11", "22"
REVENUE = ("0300", "0250", "0450", "0636", "0270")
FIRST = ("ANNA", "BEN", "CARLA", "DAVID", "EMMA", "FELIX", "GRACE", "HENRY", "IDA", "JONAS")
LAST = ("MILLER", "SCHMIDT", "NOVAK", "GARCIA", "OKAFOR", "LINDQVIST", "ROSSI", "TANAKA")
# (column 1, column 2): column 2 is not paid beside column 1 on one day (modifier 59 allows)
PAIRS = (("G0438", "G0008"), ("G0439", "G0009"))
TIMELY_DAYS = 365

PROBLEMS = (
    "member_not_found",
    "policy_inactive",
    "not_covered",
    "fee_not_found",
    "over_fee",
    "units",
    "pair",
    "duplicate_line",
    "duplicate_claim",
    "timely",
    "total_mismatch",
)


def npi(rng: random.Random) -> str:
    """Return a 10-digit NPI with a valid Luhn check digit (over the 80840 prefix)."""
    body = "1" + "".join(rng.choice("0123456789") for _ in range(8))
    return body + luhn.calc_check_digit("80840" + body)


@dataclass
class Line:
    code: str
    modifiers: tuple[str, ...]
    units: int
    unit_fee: Decimal  # what the provider charges per unit
    service_date: date
    revenue: str = ""
    expect: str = "paid"  # paid | denied | pend
    carc: str = ""  # for denied and for paid below charge
    rule: str = ""
    paid: Decimal = Decimal("0.00")

    @property
    def charge(self) -> Decimal:
        return (self.unit_fee * self.units).quantize(Decimal("0.01"))


@dataclass
class Claim:
    number: str
    member_id: str
    patient: tuple[str, str]
    pos: str
    lines: list[Line]
    problem: str = ""
    total_override: Decimal | None = None

    @property
    def total(self) -> Decimal:
        if self.total_override is not None:
            return self.total_override
        return sum((ln.charge for ln in self.lines), Decimal("0.00"))


@dataclass
class Scenario:
    kind: str  # P | I
    text: str
    claims: list[Claim]
    policies: list[dict[str, str]]
    fee_schedule: list[dict[str, str]]
    claims_settings: dict[str, Any]
    created: date
    payer_id: str
    provider_npi: str
    provider_name: str
    extra: dict[str, Any] = field(default_factory=dict)

    def truth(self) -> list[dict[str, Any]]:
        """Return each claim's fields and lines as the extraction must read them."""
        out = []
        for c in self.claims:
            out.append(
                {
                    "fields": {
                        "claim_number": c.number,
                        "policy_number": c.member_id,
                        "member_id": c.member_id,
                        "claimant_name": f"{c.patient[1]} {c.patient[0]}",
                        "provider_name": self.provider_name,
                        "provider_npi": self.provider_npi,
                        "payer_id": self.payer_id,
                        "place_of_service": c.pos,
                        "service_date": min(ln.service_date for ln in c.lines).isoformat(),
                        "currency": "USD",
                        "total_claimed": f"{c.total:.2f}",
                    },
                    "lines": [
                        {
                            "code": ln.code,
                            "code_system": "HCPCS",
                            "modifiers": list(ln.modifiers),
                            "units": str(ln.units),
                            "quantity": str(ln.units),
                            "amount": f"{ln.charge:.2f}",
                            "service_date": ln.service_date.isoformat(),
                        }
                        for ln in c.lines
                    ],
                }
            )
        return out


def _fee_rows() -> list[dict[str, str]]:
    rows = [
        {
            "code": code,
            "description": desc,
            "max_unit_price": fee,
            "covered": "true",
            "modifier": "",
            "place_of_service": "",
            "max_units_per_day": str(mue),
        }
        for code, desc, fee, mue in SERVICES
    ]
    # a facility pays less for the wellness visit in a hospital outpatient department
    rows.append({**rows[2], "place_of_service": POS_HOSPITAL_OP, "max_unit_price": "150.00"})
    code, desc, fee, mue = NOT_COVERED
    rows.append(
        {
            "code": code,
            "description": desc,
            "max_unit_price": fee,
            "covered": "false",
            "modifier": "",
            "place_of_service": "",
            "max_units_per_day": str(mue),
        }
    )
    return rows


def _clean_line(rng: random.Random, day: date, used: set[str], kind: str) -> Line:
    free = [s for s in SERVICES if s[0] not in used and not any(s[0] == b for _, b in PAIRS)]
    code, _desc, fee, mue = rng.choice(free)
    used.add(code)
    units = rng.randint(1, mue)
    return Line(
        code=code,
        modifiers=tuple(rng.sample(("RT", "LT", "GA", "KX"), rng.choice((0, 0, 1)))),
        units=units,
        unit_fee=Decimal(fee),
        service_date=day,
        revenue=rng.choice(REVENUE) if kind == "I" else "",
        paid=(Decimal(fee) * units).quantize(Decimal("0.01")),
    )


def _deny(line: Line, carc: str, rule: str) -> None:
    line.expect, line.carc, line.rule, line.paid = "denied", carc, rule, Decimal("0.00")


def _inject(rng: random.Random, claim: Claim, problem: str, kind: str, created: date) -> None:
    """Change ``claim`` so it carries ``problem`` and set its lines' expected outcomes."""
    claim.problem = problem
    ln = claim.lines[-1]
    day = ln.service_date
    if problem == "member_not_found":
        claim.member_id = "ZZ" + claim.member_id[2:]
        for x in claim.lines:
            _deny(x, "31", "policy_not_found")
    elif problem == "policy_inactive":
        for x in claim.lines:
            _deny(x, "27", "policy_inactive")  # the generator ends this member's cover early
    elif problem == "not_covered":
        ln.code, ln.unit_fee, ln.units, ln.modifiers = NOT_COVERED[0], Decimal("21.00"), 1, ()
        _deny(ln, "96", "service_not_covered")
    elif problem == "fee_not_found":
        ln.code, ln.modifiers = rng.choice(UNKNOWN_CODES), ()
        ln.expect, ln.rule, ln.paid = "pend", "fee_not_found", Decimal("0.00")
    elif problem == "over_fee":
        allowed = ln.charge
        ln.unit_fee = (ln.unit_fee * Decimal("1.5")).quantize(Decimal("0.01"))
        ln.expect, ln.carc, ln.rule, ln.paid = "paid", "45", "over_fee_schedule", allowed
    elif problem == "units":
        mue = next(s[3] for s in SERVICES if s[0] == ln.code)
        ln.units = mue + rng.randint(1, 3)
        _deny(ln, "151", "units_over_limit")
    elif problem == "pair":
        col1, col2 = rng.choice(PAIRS)
        fee1 = next(Decimal(s[2]) for s in SERVICES if s[0] == col1)
        fee2 = next(Decimal(s[2]) for s in SERVICES if s[0] == col2)
        rev = rng.choice(REVENUE) if kind == "I" else ""
        claim.lines[-1] = Line(col1, (), 1, fee1, day, rev, paid=fee1)
        second = Line(col2, (), 1, fee2, day, rev)
        _deny(second, "97", "procedure_pair_edit")
        claim.lines.append(second)
    elif problem == "duplicate_line":
        twin = Line(ln.code, ln.modifiers, ln.units, ln.unit_fee, day, ln.revenue)
        _deny(twin, "18", "duplicate_line")
        claim.lines.append(twin)
    elif problem == "duplicate_claim":
        for x in claim.lines:
            _deny(x, "18", "duplicate_claim")
    elif problem == "timely":
        old = created - timedelta(days=TIMELY_DAYS + rng.randint(5, 60))
        for x in claim.lines:
            x.service_date = old
            _deny(x, "29", "timely_filing")
    elif problem == "total_mismatch":
        claim.total_override = claim.total + Decimal("10.00")
        for x in claim.lines:
            x.expect, x.rule, x.paid, x.carc = "pend", "arithmetic_mismatch", Decimal("0.00"), ""


def scenario(
    seed: int = 0, *, claims: int = 20, kind: str = "P", problems: bool = True
) -> Scenario:
    """Return one 837 file's claims, master data and truth (a fraction with problems)."""
    rng = random.Random(seed)
    created = date(2025, 3, 1) + timedelta(days=rng.randint(0, 200))
    payer_id, prov_npi = f"PY{rng.randint(10000, 99999)}", npi(rng)
    provider = f"{rng.choice(LAST)} HEALTH {'CLINIC' if kind == 'P' else 'HOSPITAL'}"
    out: list[Claim] = []
    policies: list[dict[str, str]] = []
    kinds = list(PROBLEMS) if problems else []
    for i in range(claims):
        member = f"M{seed % 1000:03d}{i:05d}"
        patient = (rng.choice(LAST), rng.choice(FIRST))
        day = created - timedelta(days=rng.randint(3, 60))
        used: set[str] = set()
        lines = [_clean_line(rng, day, used, kind) for _ in range(rng.randint(1, 4))]
        pos = POS_OFFICE if kind == "P" else "13"
        claim = Claim(f"C{seed:04d}{i:05d}", member, patient, pos, lines)
        problem = kinds[i % len(kinds)] if kinds and i % 2 == 1 else ""
        if problem:
            _inject(rng, claim, problem, kind, created)
        start = day - timedelta(days=400)
        end = day - timedelta(days=1) if problem == "policy_inactive" else day + timedelta(400)
        if problem == "timely":
            start = min(ln.service_date for ln in claim.lines) - timedelta(days=30)
        policies.append(
            {
                "policy_number": member,
                "holder_name": f"{patient[1]} {patient[0]}",
                "valid_from": start.isoformat(),
                "valid_to": end.isoformat(),
                "status": "active",
            }
        )
        out.append(claim)
        if problem == "duplicate_claim":  # the same claim again: the second one is refused
            first = out[-1]
            original = Claim(
                first.number,
                first.member_id,
                first.patient,
                first.pos,
                [
                    Line(x.code, x.modifiers, x.units, x.unit_fee, x.service_date, x.revenue)
                    for x in first.lines
                ],
            )
            for x in original.lines:
                x.paid = x.charge
            out.insert(len(out) - 1, original)
    sc = Scenario(
        kind=kind,
        text="",
        claims=out,
        policies=policies,
        fee_schedule=_fee_rows(),
        claims_settings={
            "timely_filing_days": TIMELY_DAYS,
            "procedure_pairs": [
                {"column1": a, "column2": b, "modifiers": ["59"]} for a, b in PAIRS
            ],
        },
        created=created,
        payer_id=payer_id,
        provider_npi=prov_npi,
        provider_name=provider,
    )
    sc.text = write_837(sc, control=seed % 999_999_999 + 1)
    return sc


# --- writing ------------------------------------------------------------------------------------


def _seg(*elements: str) -> str:
    return "*".join(elements).rstrip("*") + "~"


def write_837(sc: Scenario, *, control: int = 1) -> str:
    """Return the scenario's claims as one ASC X12 5010 837P or 837I interchange."""
    version = "005010X222A1" if sc.kind == "P" else "005010X223A2"
    d8, tm = sc.created.strftime("%Y%m%d"), "1200"
    isa = (
        f"ISA*00*{'':10}*00*{'':10}*ZZ*{'BURSARSUBMIT':15}*ZZ*{sc.payer_id:15}*"
        f"{sc.created.strftime('%y%m%d')}*{tm}*^*00501*{control:09d}*0*T*:~"
    )
    body = [
        _seg("ST", "837", "0001", version),
        _seg("BHT", "0019", "00", f"B{control}", d8, tm, "CH"),
        _seg("NM1", "41", "2", "BURSAR SUBMITTER", "", "", "", "", "46", "SUB0001"),
        _seg("PER", "IC", "CLAIMS DESK", "TE", "5555550100"),
        _seg("NM1", "40", "2", "SYNTH PAYER", "", "", "", "", "46", sc.payer_id),
        _seg("HL", "1", "", "20", "1"),
    ]
    body += [
        _seg("NM1", "85", "2", sc.provider_name, "", "", "", "", "XX", sc.provider_npi),
        _seg("N3", "100 MAIN STREET"),
        _seg("N4", "SPRINGFIELD", "IL", "627010001"),
        _seg("REF", "EI", "123456789"),
    ]
    hl = 1
    for c in sc.claims:
        hl += 1
        body += _subscriber(sc, c, hl)
        body += _claim(sc, c)
    body.append(_seg("SE", str(len(body) + 1), "0001"))
    gs = _seg("GS", "HC", "BURSARSUBMIT", sc.payer_id, d8, tm, str(control), "X", version)
    tail = [_seg("GE", "1", str(control)), _seg("IEA", "1", f"{control:09d}")]
    return "\n".join([isa, gs, *body, *tail]) + "\n"


def _subscriber(sc: Scenario, c: Claim, hl: int) -> list[str]:
    last, first = c.patient
    return [
        _seg("HL", str(hl), "1", "22", "0"),
        _seg("SBR", "P", "18", "", "", "", "", "", "", "CI"),
        _seg("NM1", "IL", "1", last, first, "", "", "", "MI", c.member_id),
        _seg("N3", "1 ELM ROAD"),
        _seg("N4", "SPRINGFIELD", "IL", "62702"),
        _seg("DMG", "D8", "19700101", "F"),
        _seg("NM1", "PR", "2", "SYNTH PAYER", "", "", "", "", "PI", sc.payer_id),
    ]


def _claim(sc: Scenario, c: Claim) -> list[str]:
    rng = random.Random(c.number)
    dx = rng.sample(DIAGNOSES, 2)
    out = []
    if sc.kind == "P":
        out.append(
            _seg("CLM", c.number, f"{c.total:.2f}", "", "", f"{c.pos}:B:1", "Y", "A", "Y", "Y")
        )
        out.append(_seg("HI", f"ABK:{dx[0]}", f"ABF:{dx[1]}"))
    else:
        first = min(ln.service_date for ln in c.lines)
        last = max(ln.service_date for ln in c.lines)
        out.append(
            _seg("CLM", c.number, f"{c.total:.2f}", "", "", f"{c.pos}:A:1", "", "A", "Y", "Y")
        )
        out.append(_seg("DTP", "434", "RD8", f"{first:%Y%m%d}-{last:%Y%m%d}"))
        out.append(_seg("CL1", "1", "1", "01"))
        out.append(_seg("HI", f"ABK:{dx[0]}"))
        out.append(_seg("NM1", "71", "1", "CARE", "PAT", "", "", "", "XX", sc.provider_npi))
    for n, ln in enumerate(c.lines, start=1):
        proc = ":".join(("HC", ln.code, *ln.modifiers))
        out.append(_seg("LX", str(n)))
        if sc.kind == "P":
            out.append(_seg("SV1", proc, f"{ln.charge:.2f}", "UN", str(ln.units), "", "", "1"))
        else:
            out.append(_seg("SV2", ln.revenue, proc, f"{ln.charge:.2f}", "UN", str(ln.units)))
        out.append(_seg("DTP", "472", "D8", f"{ln.service_date:%Y%m%d}"))
    return out


# --- replaying a scenario through the rules (tests and bench) -----------------------------------


def pack_with_settings(settings: dict[str, Any], folder: Any) -> Any:
    """Return the default rule pack with the scenario's claims settings, written to ``folder``."""
    from pathlib import Path

    import yaml

    from rules.packs import PACKS_DIR, load_pack

    doc = yaml.safe_load((PACKS_DIR / "default.yml").read_text(encoding="utf-8"))
    doc["claims"] = {**doc.get("claims", {}), **settings}
    doc["name"] = "claims-scenario"
    path = Path(folder) / "claims-scenario.yml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return load_pack(path)


def replay(sc: Scenario, extractions: list[dict[str, Any]], pack: Any) -> list[Any]:
    """Return each claim's decision, deciding in file order with a growing history."""
    from rules.engine import evaluate
    from rules.history import History
    from rules.model import MasterData

    master = MasterData.from_rows(policies=sc.policies, fee_schedule=sc.fee_schedule)
    history = History()
    out = []
    for n, ex in enumerate(extractions):
        ex = {**ex, "sha256": f"{n:064x}"}
        d = evaluate(ex, master, history, pack)
        f = {k: v["value"] for k, v in ex["fields"].items()}
        history.add_claim(
            {
                "claim_number": f["claim_number"],
                "policy_number": f["policy_number"],
                "service_date": f["service_date"],
                "total": f["total_claimed"],
                "sha256": ex["sha256"],
                "status": d.status,
                "provider": f.get("provider_npi") or f.get("provider_name") or "",
                "lines": ex["lines"],
            }
        )
        out.append(d)
    return out


def score(sc: Scenario, decisions: list[Any]) -> dict[str, Any]:
    """Return straight-through, recall of injected problems and wrongly paid lines."""
    clean = clean_ok = problems = caught = wrongly_paid = lines = 0
    for claim, d in zip(sc.claims, decisions, strict=True):
        got = {x.line: x for x in d.claim_lines}
        if not claim.problem:
            clean += 1
            clean_ok += d.status == "approved" and all(
                got[i].outcome == "paid" and got[i].paid == ln.paid
                for i, ln in enumerate(claim.lines, 1)
            )
        for i, ln in enumerate(claim.lines, 1):
            lines += 1
            x = got.get(i)
            ok = x is not None and x.outcome == ln.expect and x.paid == ln.paid
            ok = ok and (ln.expect != "denied" or x.carc == ln.carc)
            ok = ok and (ln.expect != "pend" or x.rule == ln.rule)
            if ln.expect != "paid" or ln.carc:
                problems += 1
                caught += ok
            if x is not None and x.outcome == "paid" and x.paid > ln.paid:
                wrongly_paid += 1
    return {
        "claims": len(sc.claims),
        "lines": lines,
        "clean_claims": clean,
        "straight_through": clean_ok / clean if clean else 1.0,
        "problem_lines": problems,
        "recall": caught / problems if problems else 1.0,
        "wrongly_paid": wrongly_paid,
    }
