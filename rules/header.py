"""Header checks: fields present and trusted, vendor, bank account, PO, currency, duplicates."""

from __future__ import annotations

from datetime import timedelta

from rules.facts import Work
from rules.history import norm_doc_number
from rules.model import norm_id
from rules.money import fmt

FIELD_WORDS = {
    "vendor_name": "vendor name",
    "vendor_tax_id": "vendor tax id",
    "vendor_iban": "vendor IBAN",
    "invoice_number": "invoice number",
    "invoice_date": "invoice date",
    "po_number": "PO number",
    "subtotal": "subtotal",
    "tax_amount": "tax amount",
    "total": "total",
    "currency": "currency",
    "claim_number": "claim number",
    "policy_number": "policy number",
    "service_date": "service date",
    "total_claimed": "total claimed",
}


def _words(name: str) -> str:
    return FIELD_WORDS.get(name, name.replace("_", " "))


def check_required(w: Work) -> None:
    """Add ``missing_field`` for every required header field the document lacks."""
    required = list((w.pack.section("required_fields")).get(w.facts.kind) or ())
    for name in required:
        if name not in w.facts.values:
            w.add(
                "missing_field",
                "block",
                f"The {w.facts.kind.replace('_', ' ')} has no "
                f"{_words(name)}; enter it or ask the sender for a corrected document.",
                expected=name,
            )


def check_confidence(w: Work) -> None:
    """Add ``low_confidence`` for each field or line read with less certainty than the pack asks."""
    conf = w.pack.section("confidence")
    default = float(conf.get("fields", 0.0) or 0.0)
    per_field = conf.get("per_field") or {}
    for name, score in w.facts.confidence.items():
        threshold = float(per_field.get(name, default))
        if score < threshold:
            w.add(
                "low_confidence",
                "block",
                f"The {_words(name)} was read with confidence "
                f"{score:.2f} (needs {threshold:.2f}); check it against the original.",
                expected=f"{threshold:.2f}",
                actual=f"{score:.2f}",
            )
    line_min = float(conf.get("lines", 0.0) or 0.0)
    for line in w.facts.lines:
        if line.confidence is not None and line.confidence < line_min:
            w.add(
                "low_confidence",
                "block",
                f"Line {line.index} was read with confidence "
                f"{line.confidence:.2f} (needs {line_min:.2f}); check it against the original.",
                line=line.index,
                expected=f"{line_min:.2f}",
                actual=f"{line.confidence:.2f}",
            )


def resolve_vendor(w: Work) -> None:
    """Find the vendor by tax id, then IBAN, then name or alias; else ``unknown_vendor``."""
    f, md = w.facts, w.master
    po_vendor = md.find_po(f.text("po_number"))
    ids: tuple[str, ...] = ()
    if f.text("vendor_tax_id"):
        ids = md.vendors_by_tax_id(f.text("vendor_tax_id"))
    if not ids and f.text("vendor_iban"):
        ids = md.vendors_by_iban(f.text("vendor_iban"))
    if not ids and f.text("vendor_name"):
        min_score = float(w.pack.setting("matching", "vendor_name_min_score", 90))
        hit = md.vendor_by_name(f.text("vendor_name"), min_score)
        ids = (hit[0],) if hit else ()
    stated = norm_id(f.text("vendor_tax_id"))
    if ids and stated and md.vendors[ids[0]].tax_id not in ("", stated):
        ids = ()  # found by IBAN or name, but another tax id: a different legal entity
    if ids:
        preferred = po_vendor.vendor_id if po_vendor and po_vendor.vendor_id in ids else ids[0]
        w.vendor = md.vendors.get(preferred)
        return
    who = f.text("vendor_name") or f.text("provider_name") or "(no name)"
    tax = f" with tax id {f.text('vendor_tax_id')}" if f.text("vendor_tax_id") else ""
    w.add(
        "unknown_vendor",
        "block",
        f"Vendor '{who}'{tax} is not in the vendor master; "
        "add the vendor (with verified bank details) or correct the name.",
        actual=who,
    )


def check_bank(w: Work) -> None:
    """Block when a bank account on the invoice is not on file for the vendor, or when the
    vendor has one on file and none could be read on the invoice (issue 22).

    Every IBAN the page prints counts, not only the one the extractor put in
    ``vendor_iban``: a changed account in a place the extractor does not look for it
    must still stop the payment.
    """
    if w.vendor is None:
        return
    field = norm_id(w.facts.text("vendor_iban"))
    page = w.facts.page.ibans if w.facts.page else ()
    seen = list(dict.fromkeys([*([field] if field else []), *page]))
    known = {w.master.vendors[v].iban for v in w.master.related_vendors(w.vendor.vendor_id)}
    known.discard("")
    on_file = w.vendor.iban or "none"
    if not seen:
        if known and w.facts.kind != "credit_note":  # a credit note pays nobody
            w.add(
                "missing_field",
                "block",
                f"No bank account could be read on the invoice, and {w.vendor.name} has "
                f"{on_file} on file; check the bank details on the original (a changed "
                "account must be confirmed with the vendor by phone) before paying.",
                expected="vendor_iban",
            )
        return
    severity = "block" if known else "warn"
    for iban in seen:
        if iban in known:
            continue
        where = "on the invoice" if iban == field else "printed on the invoice"
        w.add(
            "vendor_bank_mismatch",
            severity,
            f"Bank account {iban} {where} is not the "
            f"account on file for {w.vendor.name} ({on_file}); confirm with the vendor by phone "
            "before paying.",
            expected=w.vendor.iban or None,
            actual=iban,
        )


def check_po(w: Work) -> None:
    """Look up the PO and check it belongs to the vendor, is open, and is in the same currency."""
    number = w.facts.text("po_number")
    if not number:
        category = w.vendor.category if w.vendor else ""
        exempt = category in (w.pack.setting("matching", "non_po_categories") or ())
        required = w.pack.section("required_fields").get(w.facts.kind) or ()
        if (
            w.pack.setting("matching", "require_po", False)
            and not exempt
            and ("po_number" not in required)
        ):
            w.add(
                "missing_field",
                "block",
                "The invoice quotes no PO number; find the PO or route it for non-PO approval.",
                expected="po_number",
            )
        return
    po = w.master.find_po(number)
    if po is None:
        w.add(
            "po_not_found",
            "block",
            f"PO {number} does not exist in the PO master; check the number with the buyer.",
            actual=number,
        )
        return
    w.po = po
    if number != po.po_number:  # found by norm_po: say both, so nobody wonders
        number = f"{po.po_number} (quoted as {number})"
    if w.vendor is not None and po.vendor_id not in w.master.related_vendors(w.vendor.vendor_id):
        w.add(
            "po_vendor_mismatch",
            "block",
            f"PO {number} was issued to vendor {po.vendor_id}, "
            f"not to {w.vendor.name} ({w.vendor.vendor_id}).",
            expected=po.vendor_id,
            actual=w.vendor.vendor_id,
        )
    open_statuses = w.pack.setting("matching", "open_po_statuses") or ("open",)
    if po.status not in open_statuses:
        w.add(
            "po_closed",
            "block",
            f"PO {number} is {po.status}; it cannot be invoiced until the buyer reopens it.",
            expected="open",
            actual=po.status,
        )


def check_currency(w: Work) -> None:
    """Block when the document currency differs from the PO (or, without PO, the vendor)."""
    actual = w.facts.text("currency").upper()
    expected = w.po.currency if w.po else (w.vendor.currency if w.vendor else "")
    if actual and expected and actual != expected:
        source = f"PO {w.po.po_number}" if w.po else f"vendor {w.vendor.name}"  # type: ignore[union-attr]
        w.add(
            "currency_mismatch",
            "block",
            f"The document is in {actual} but {source} is in {expected}.",
            expected=expected,
            actual=actual,
        )


def check_duplicates(w: Work) -> None:
    """Find earlier invoices of the same vendor (under any of its ids) with the same number,
    or with the same total within the pack's date window."""
    if w.vendor is None:
        return
    number = norm_doc_number(w.facts.text("invoice_number"))
    vendor_ids = w.master.related_vendors(w.vendor.vendor_id)
    ignore = set(w.pack.setting("duplicates", "ignore_statuses") or ("rejected",))
    kind, sha = w.facts.kind, w.facts.sha256

    def counts(past: object) -> bool:
        return (
            past.kind == kind and past.status not in ignore and not (sha and past.sha256 == sha)  # type: ignore[attr-defined]
        )

    same_number = (
        [p for p in w.history.invoices_numbered(vendor_ids, number) if counts(p)] if number else []
    )
    if same_number:
        p = same_number[0]
        w.add(
            "duplicate_invoice",
            "block",
            f"Invoice {w.facts.text('invoice_number')} was already "
            f"received from this vendor as '{p.raw_number}' dated {p.invoice_date or '?'} "
            f"(status {p.status}); do not pay it twice.",
            expected=p.raw_number,
            actual=w.facts.text("invoice_number"),
        )
        return
    total, day = w.facts.dec("total"), w.facts.day("invoice_date")
    window = int(w.pack.setting("duplicates", "date_window_days", 0) or 0)
    if total is None or day is None or window <= 0 or not total:
        return
    for p in w.history.invoices_totalling(vendor_ids, total):
        if counts(p) and p.invoice_date and abs(p.invoice_date - day) <= timedelta(days=window):
            w.add(
                "duplicate_invoice",
                "warn",
                f"Invoice {p.raw_number} from this vendor has the "
                f"same total {fmt(total)} and is dated {p.invoice_date}, within {window} days; "
                "check it is not the same bill under a new number.",
                expected=p.raw_number,
                actual=w.facts.text("invoice_number"),
            )
            return


def check_approval(w: Work, total_field: str = "total") -> None:
    """Require a named approver above the pack's automatic-approval amount.

    When a person corrected the currency, the stricter of the limits of the currency now
    and as first extracted applies: a corrected currency alone never lifts the need.
    """
    total = w.facts.dec(total_field)
    if total is None or w.facts.kind == "credit_note":
        return
    over = [
        (code, limit)
        for code in w.currencies
        if (limit := w.pack.approval_limit(code)) is not None and total > limit
    ]
    if not over:
        return
    code, limit = min(over, key=lambda cl: cl[1])
    why = "" if code == w.currency else f" for {code}, the currency as first extracted"
    role = w.pack.approver_for(total)
    w.add(
        "approval_required",
        "block",
        f"Total {fmt(total)} {w.currency} is above the "
        f"automatic approval limit of {fmt(limit)}{why}; it needs approval by {role}.",
        expected=fmt(limit),
        actual=fmt(total),
    )
