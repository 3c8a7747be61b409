"""Structured e-invoices: Factur-X/ZUGFeRD (CII inside a PDF), XRechnung CII/UBL, Peppol BIS.

The XML is the legal invoice: its values are taken with confidence 1.0 and
``source: "einvoice:<profile>"``. For a PDF the visual extraction still runs, and
every field where the printed page disagrees with the XML becomes a warning.
"""

from __future__ import annotations

import logging
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from lxml import etree

from bursar.errors import InputError
from extractors.einvoice_map import cii_document, ubl_document

log = logging.getLogger(__name__)
AMOUNT_FIELDS = {"subtotal", "tax_amount", "total", "total_claimed"}


def _parse_xml(data: bytes, where: str) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"XML cannot be parsed ({exc})", code="corrupt", where=where) from None
    # Unexpanded, an entity reference cut a value short ("AV-&e;-X" read as "AV-"); expanded,
    # it would let the file rewrite its own values (and attributes are expanded regardless).
    # No e-invoice standard declares entities: refuse the file rather than read part of it.
    dtd = root.getroottree().docinfo.internalDTD
    declared = sorted(e.name for e in dtd.iterentities()) if dtd is not None else []
    used = sorted({str(e.name) for e in root.iter(etree.Entity)})
    if declared or used:
        names = ", ".join(f"&{n};" for n in (used or declared))
        raise InputError(
            f"XML uses entity references ({names}), which no e-invoice format allows; "
            "ask the sender for the e-invoice without a DOCTYPE or entities",
            code="xml_entities",
            where=where,
        )
    return root


def read_einvoice(
    data: bytes, where: str = "xml"
) -> tuple[str, str, dict[str, str], list[dict[str, Any]]]:
    """Return (kind, profile, fields, lines) from CII or UBL XML bytes."""
    root = _parse_xml(data, where)
    qname = etree.QName(root)
    name = qname.localname
    if name in ("CrossIndustryInvoice", "CrossIndustryDocument"):
        return cii_document(root)
    if name in ("Invoice", "CreditNote"):
        if "uncefact" in (qname.namespace or ""):  # ZUGFeRD 1.0 release candidate (CBFBUY)
            return cii_document(root)
        return ubl_document(root)
    raise InputError(
        f"XML is not an e-invoice (root element {name})", code="unsupported_type", where=where
    )


XML_NAMES = ("factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml", "order-x.xml")


def embedded_xml(path: Path) -> bytes | None:
    """Return the Factur-X/ZUGFeRD XML attached to a PDF, or None.

    PDFium lists attachments without parsing the whole file (pypdf, which the
    factur-x library uses, would cost more than the rest of the extraction).
    """
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        return None
    try:
        found: list[tuple[str, bytes]] = []
        for i in range(pdf.count_attachments()):
            att = pdf.get_attachment(i)
            name = att.get_name()
            if name.lower().endswith(".xml"):
                found.append((name.lower(), bytes(att.get_data())))
        found.sort(key=lambda nd: nd[0] not in XML_NAMES)
        return found[0][1] if found else None
    except Exception as exc:  # a broken attachment must not fail the visual extraction
        log.debug("attachments of %s unreadable: %s", path, exc)
        return None
    finally:
        pdf.close()


def _as_fields(fields: dict[str, str], profile: str) -> dict[str, dict[str, Any]]:
    return {
        k: {"value": v, "confidence": 1.0, "source": f"einvoice:{profile}"}
        for k, v in fields.items()
        if v is not None
    }


def _same(field: str, a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return True  # not printed (or not in the XML) is not a contradiction
    if field in AMOUNT_FIELDS:
        try:
            return Decimal(a) == Decimal(b)
        except InvalidOperation:
            return False
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def merge(
    visual: dict[str, Any],
    kind: str,
    profile: str,
    fields: dict[str, str],
    lines: list[dict[str, Any]],
) -> dict[str, Any]:
    """Return the visual result overridden by the XML, with mismatch warnings."""
    out = dict(visual)
    merged = _as_fields(fields, profile)
    warnings = list(visual.get("warnings", []))
    for name, f in merged.items():
        seen = visual["fields"].get(name)
        if seen is None:
            continue
        if _same(name, seen.get("value"), f["value"]):
            f.update({k: seen[k] for k in ("page", "bbox") if k in seen})
        else:
            warnings.append(
                f"einvoice mismatch: {name} is {f['value']!r} in the XML but "
                f"{seen.get('value')!r} on the printed page"
            )
    if lines and visual.get("lines") and len(lines) != len(visual["lines"]):
        warnings.append(
            f"einvoice mismatch: {len(lines)} lines in the XML but "
            f"{len(visual['lines'])} on the printed page"
        )
    out.update(
        fields=merged,
        lines=lines,
        warnings=warnings,
        text_source="einvoice",
        kind=kind,
        kind_confidence=1.0,
    )
    out["versions"] = {**visual.get("versions", {}), "einvoice": profile}
    return out


def merge_embedded(path: Path, result: dict[str, Any]) -> dict[str, Any]:
    """Return ``result`` merged with the PDF's embedded e-invoice XML, if it has one."""
    xml = embedded_xml(path)
    if not xml:
        return result
    try:
        kind, profile, fields, lines = read_einvoice(xml, str(path))
    except InputError as exc:
        return {**result, "warnings": [*result["warnings"], f"embedded XML ignored: {exc.message}"]}
    return merge(result, kind, profile, fields, lines)


def extract_xml_file(path: Path, *, sha256: str) -> dict[str, Any]:
    """Return the contract dict for a bare XRechnung / UBL / Peppol BIS XML file."""
    from extractors.pipeline import SCHEMA, versions

    kind, profile, fields, lines = read_einvoice(path.read_bytes(), str(path))
    return {
        "schema": SCHEMA,
        "file": path.name,
        "sha256": sha256,
        "pages": 1,
        "text_source": "einvoice",
        "kind": kind,
        "kind_confidence": 1.0,
        "fields": _as_fields(fields, profile),
        "lines": lines,
        "warnings": [],
        "versions": {**versions("einvoice", None, None), "einvoice": profile},
    }
