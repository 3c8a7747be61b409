"""X12 835 (health care claim payment/advice, 005010X221A1) for adjudicated claims.

``claims_from_db(session)`` gathers every decided X12 claim that is not pended (its
extraction, and each line's outcome rebuilt from the recorded findings: a ``warn``
finding with a CARC is a denial or a reduction, its ``expected`` the amount paid);
``write_835(claims, ...)`` is pure and balances as the guide asks: each CLP's charge
minus payment equals its adjustments, and BPR's total equals the sum of payments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from rules.adjudicate import CARC, carc_of

ZERO = Decimal("0.00")
REMIT_TARGET = "remit"  # the postings target: the 835 that carried a claim


@dataclass(frozen=True)
class RemitLine:
    code: str
    modifiers: tuple[str, ...]
    units: str
    charged: Decimal
    paid: Decimal
    service_date: str | None
    group: str = ""
    carc: str = ""


@dataclass(frozen=True)
class RemitClaim:
    claim_number: str
    member_id: str
    patient: str
    provider_name: str
    provider_npi: str
    payer_id: str
    lines: tuple[RemitLine, ...]
    control: str  # the payer's claim control number (Bursar's document id)

    @property
    def charged(self) -> Decimal:
        return sum((x.charged for x in self.lines), ZERO)

    @property
    def paid(self) -> Decimal:
        return sum((x.paid for x in self.lines), ZERO)


def remit_claim(extraction: dict[str, Any], findings: list[Any], control: str) -> RemitClaim:
    """Return a claim's remittance from its extraction and its (non-blocking) findings."""
    f = {k: (v or {}).get("value") for k, v in (extraction.get("fields") or {}).items()}
    by_line: dict[int, Any] = {}
    for x in findings:
        if x.line is not None and x.rule in CARC and x.severity == "warn":
            by_line.setdefault(x.line, x)
    lines = []
    for n, ln in enumerate(extraction.get("lines") or (), start=1):
        charged = Decimal(str(ln.get("amount") or "0"))
        hit = by_line.get(n)
        paid = charged if hit is None else Decimal(hit.expected or "0")
        group, carc = CARC[hit.rule] if hit is not None else ("", "")
        if ln.get("deny"):  # a person denied the line in the inbox, with its CARC
            group, carc = carc_of(str(ln["deny"])) or ("CO", "96")
            paid = ZERO
        lines.append(
            RemitLine(
                code=str(ln.get("code") or ln.get("sku") or ""),
                modifiers=tuple(ln.get("modifiers") or ()),
                units=str(ln.get("units") or ln.get("quantity") or "1"),
                charged=charged,
                paid=paid,
                service_date=ln.get("service_date"),
                group=group,
                carc=carc,
            )
        )
    return RemitClaim(
        claim_number=str(f.get("claim_number") or ""),
        member_id=str(f.get("member_id") or f.get("policy_number") or ""),
        patient=str(f.get("claimant_name") or ""),
        provider_name=str(f.get("provider_name") or ""),
        provider_npi=str(f.get("provider_npi") or ""),
        payer_id=str(f.get("payer_id") or ""),
        lines=tuple(lines),
        control=control,
    )


def _seg(*elements: object) -> str:
    return "*".join("" if e is None else str(e) for e in elements).rstrip("*") + "~"


def _money(d: Decimal) -> str:
    text = f"{d:.2f}"
    return text[:-3] if text.endswith(".00") else text.rstrip("0")


def write_835(
    claims: list[RemitClaim],
    *,
    payer_name: str,
    payer_tax_id: str,
    trace: str,
    paid_on: date,
    control: int = 1,
) -> str:
    """Return one 835 interchange for one payee (the claims' billing provider)."""
    if not claims:
        raise ValueError("no adjudicated claims to remit")
    d8, tm = paid_on.strftime("%Y%m%d"), "1200"
    first = claims[0]
    total = sum((c.paid for c in claims), ZERO)
    body = [
        _seg("ST", "835", "0001"),
        _seg("BPR", "I" if total else "H", _money(total), "C", "CHK" if total else "NON",
             *([""] * 11), d8),
        _seg("TRN", "1", trace, "1" + payer_tax_id),
        _seg("N1", "PR", payer_name),
        _seg("N3", "1 PAYER PLAZA"),
        _seg("N4", "SPRINGFIELD", "IL", "62701"),
        _seg("PER", "BL", "CLAIMS", "TE", "5555550199"),
        _seg("N1", "PE", first.provider_name, "XX", first.provider_npi),
        _seg("LX", "1"),
    ]  # fmt: skip
    for c in claims:
        status = "1" if c.paid > 0 else "4"  # processed as primary / denied
        given, _, last = c.patient.rpartition(" ")
        body.append(
            _seg("CLP", c.claim_number, status, _money(c.charged), _money(c.paid), "", "12",
                 c.control)
        )  # fmt: skip
        body.append(_seg("NM1", "QC", "1", last, given, "", "", "", "MI", c.member_id))
        for x in c.lines:
            proc = ":".join(("HC", x.code, *x.modifiers))
            body.append(_seg("SVC", proc, _money(x.charged), _money(x.paid), "", x.units))
            if x.service_date:
                body.append(_seg("DTM", "472", x.service_date.replace("-", "")))
            if x.charged != x.paid:
                body.append(
                    _seg("CAS", x.group or "CO", x.carc or "45", _money(x.charged - x.paid))
                )
            if x.paid:
                body.append(_seg("AMT", "B6", _money(x.paid)))
    body.append(_seg("SE", len(body) + 1, "0001"))
    isa = (
        f"ISA*00*{'':10}*00*{'':10}*ZZ*{'BURSARPAYER':15}*ZZ*{first.provider_npi:15}*"
        f"{paid_on.strftime('%y%m%d')}*{tm}*^*00501*{control:09d}*0*P*:~"
    )
    gs = _seg("GS", "HP", "BURSARPAYER", first.provider_npi, d8, tm, control, "X", "005010X221A1")
    tail = [_seg("GE", "1", control), _seg("IEA", "1", f"{control:09d}")]
    return "\n".join([isa, gs, *body, *tail]) + "\n"


def claims_from_db(session: Any) -> list[RemitClaim]:
    """Return every decided, non-pended claim read line by line (an 837 or a CMS-1500 /
    UB-04 form) not yet remitted, oldest first.

    A claim is remitted once: the 835 that carried it is recorded as its posting to the
    ``remit`` target (``bursar.postings``), so a second run never pays it again.
    """
    from sqlmodel import select

    from bursar import postings
    from bursar.records import Decision, Document, Extraction, Finding

    out = []
    done = postings.posted(session, REMIT_TARGET)
    docs = session.exec(
        select(Document).where(Document.kind == "claim").order_by(Document.id)
    ).all()
    for doc in docs:
        if doc.id in done:
            continue
        ex = session.exec(
            select(Extraction)
            .where(Extraction.document_id == doc.id)
            .order_by(Extraction.id.desc())  # type: ignore[union-attr]
        ).first()
        dec = session.exec(
            select(Decision).where(Decision.document_id == doc.id).order_by(Decision.id.desc())  # type: ignore[union-attr]
        ).first()
        if ex is None or dec is None or not isinstance(ex.result, dict):
            continue
        if not (ex.result.get("x12") or ex.result.get("claim_form")) or dec.status != "approved":
            continue  # pended claims wait for a person; only adjudicated ones are remitted
        findings = session.exec(select(Finding).where(Finding.decision_id == dec.id)).all()
        out.append(remit_claim(ex.result, list(findings), control=str(doc.id)))
    return out


def record_remitted(
    session: Any, claims: list[RemitClaim], trace: str, *, actor: str, file: str
) -> None:
    """Record each claim as remitted by the 835 with this trace number (audited, once)."""
    from bursar import postings

    for c in claims:
        postings.record_posted(
            session, int(c.control), REMIT_TARGET, trace, actor=actor,
            details={"file": file, "claim_number": c.claim_number, "paid": str(c.paid)},
        )  # fmt: skip


def today() -> date:
    """Return today's date in UTC (the 835's payment date)."""
    return datetime.now(UTC).date()
