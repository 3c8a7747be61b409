"""ASC X12 5010 837P / 837I health care claims -> contract 4.1 claim dicts (pyx12).

pyx12 (a maintained HIPAA X12 validator and parser) does the reading: ``validate``
runs its full implementation-guide validation and turns the first error into one line
naming the segment, its position and the file line; ``read_claims`` walks pyx12's
loop context (2010AA billing provider, 2010BA subscriber, 2010CA patient, 2300 claim,
2400 service line) into one dict per claim, each with its ``part`` (1, 2, ...).
``split_claims`` returns one interchange per claim (the same envelope and parties,
HL levels renumbered), so each claim can be stored and decided as a document.
Pure: text in, data out.
"""

from __future__ import annotations

import io
import json
import logging
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from bursar.errors import InputError

EXTRACTOR_VERSION = "x12@1"
TRANSACTIONS = {
    "005010X222A1": "837P",
    "005010X223A2": "837I",
    "005010X223A3": "837I",
    "004010X098A1": "837P",  # the 4010 guides pyx12 still reads (older clearing-house files)
    "004010X096A1": "837I",
}


def looks_like_x12(head: bytes) -> bool:
    """Return True when the bytes begin (after whitespace or a BOM) with an ISA segment."""
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"ISA")


def decode(data: bytes, where: str = "") -> str:
    """Return the file's text; X12 is ASCII (basic or extended character set)."""
    try:
        return data.decode("ascii").lstrip("\ufeff \t\r\n")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"X12 file has a non-ASCII byte at offset {exc.start}; X12 allows ASCII only",
            code="invalid_x12",
            where=where,
        ) from None


def _pyx12() -> Any:
    import pyx12.params

    logging.getLogger("pyx12").setLevel(logging.CRITICAL + 1)  # errors come back as data
    return pyx12.params.params()


def validate(text: str, where: str = "") -> None:
    """Raise InputError(code="invalid_x12") naming the first error pyx12 finds, if any."""
    import pyx12.x12n_document

    out = io.StringIO()
    try:
        ok = pyx12.x12n_document.x12n_document(_pyx12(), io.StringIO(text), None, None, fd_json=out)
    except Exception as exc:  # pyx12 raises on envelopes it cannot even start reading
        raise InputError(
            f"X12 cannot be read: {type(exc).__name__}: {exc}", code="invalid_x12", where=where
        ) from None
    if ok:
        return
    raise InputError(_first_error(out.getvalue()), code="invalid_x12", where=where)


def _first_error(report: str) -> str:
    """Return the first error of pyx12's JSON report as one line naming its segment."""
    try:
        doc = json.loads(report or "{}")
    except ValueError:
        doc = {}
    for isa in doc.get("interchanges") or ():
        for g in isa.get("groups") or ():
            for st in g.get("transactions") or ():
                for seg in st.get("segments") or ():
                    errs = seg.get("errors") or []
                    eles = seg.get("elements") or []
                    where = (
                        f"segment {seg.get('seg_id')} (segment {seg.get('seg_count')} of "
                        f"transaction {st.get('trn_set_control_num')}, "
                        f"file line {seg.get('cur_line')})"
                    )
                    if errs:
                        return f"X12 invalid at {where}: {errs[0].get('err_str')}"
                    if eles:
                        e = eles[0]
                        err = (e.get("errors") or [{}])[0]
                        pos = f"{seg.get('seg_id')}{int(e.get('ele_pos') or 0):02d}"
                        if e.get("subele_pos"):
                            pos += f"-{e['subele_pos']}"
                        return f"X12 invalid at {where}, element {pos}: {err.get('err_str')}"
                for err in st.get("errors") or ():
                    return (
                        f"X12 invalid in transaction {st.get('trn_set_control_num')} "
                        f"(ST at file line {st.get('cur_line')}): {err.get('err_str')}"
                    )
            for err in g.get("errors") or ():
                return (
                    f"X12 invalid in group GS (file line {g.get('cur_line')}): {err.get('err_str')}"
                )
        for err in isa.get("errors") or ():
            line = isa.get("cur_line")
            return f"X12 invalid in interchange ISA (file line {line}): {err.get('err_str')}"
    return "X12 invalid: pyx12 rejected the file without naming a segment"


# --- reading ------------------------------------------------------------------------------------


@dataclass
class _Claim:
    """One claim's segments and values while the file is walked."""

    envelope: dict[str, str]
    provider: dict[str, str]
    subscriber: dict[str, str]
    patient: dict[str, str] | None
    segments: dict[str, list[str]]  # provider / subscriber / patient / claim: raw segments
    values: dict[str, str] = field(default_factory=dict)
    lines: list[dict[str, Any]] = field(default_factory=list)


def _loops(path: str) -> list[str]:
    return [p.split("[")[0] for p in path.split("/") if p]


def _date(value: str | None) -> str | None:
    """Return YYYY-MM-DD from D8 ``CCYYMMDD`` or the start of RD8 ``CCYYMMDD-CCYYMMDD``."""
    v = (value or "").split("-")[0]
    return f"{v[:4]}-{v[4:6]}-{v[6:8]}" if len(v) == 8 and v.isdigit() else None


def _dec(value: str | None) -> str | None:
    try:
        d = Decimal(value or "")
    except InvalidOperation:
        return None
    return f"{d:.2f}" if d == d.quantize(Decimal("0.01")) else format(d.normalize(), "f")


def _units(value: str | None) -> str | None:
    try:
        d = Decimal(value or "")
    except InvalidOperation:
        return None
    return format(d.normalize(), "f") if d != d.to_integral() else str(int(d))


def _walk(text: str) -> list[_Claim]:
    """Return the claims of a (valid) 837 with every segment kept for splitting."""
    import pyx12.error_handler
    import pyx12.x12context

    claims: list[_Claim] = []
    env: dict[str, str] = {}
    header: list[str] = []
    provider: dict[str, str] = {}
    prov_segs: list[str] = []
    sub: dict[str, str] = {}
    sub_segs: list[str] = []
    pat: dict[str, str] | None = None
    pat_segs: list[str] = []
    cur: _Claim | None = None
    line: dict[str, Any] | None = None
    reader = pyx12.x12context.X12ContextReader(
        _pyx12(), pyx12.error_handler.errh_null(), io.StringIO(text)
    )
    with reader as src:
        for node in src.iter_segments():
            seg = node.seg_data
            sid = seg.get_seg_id()
            raw = seg.format(src.seg_term, src.ele_term, src.subele_term)
            loops = _loops(node.cur_path)
            loop = loops[-2] if len(loops) > 1 else ""
            g = seg.get_value
            if sid == "ISA":
                env = {"ISA": raw, "control": (g("ISA13") or "").strip()}
                continue
            if sid == "GS":
                env = {**env, "GS": raw, "version": g("GS08") or ""}
                continue
            if sid == "ST":
                env = {
                    **env,
                    "ST02": g("ST02") or "",
                    "version": g("ST03") or env.get("version", ""),
                }
                header = [raw]
                continue
            if sid in {"SE", "GE", "IEA"}:
                cur = line = None
                continue
            if loop in {"HEADER", "1000A", "1000B"}:
                header.append(raw)
                if sid == "BHT":
                    env = {**env, "created": _date(g("BHT04")) or ""}
                continue
            if sid == "HL":
                level = g("HL03")
                cur = line = None
                if level == "20":
                    provider, prov_segs = {}, []
                elif level == "22":
                    sub, sub_segs, pat, pat_segs = {}, [], None, []
                elif level == "23":
                    pat, pat_segs = {}, []
                continue
            if loop in {"2000A", "2010AA", "2010AB", "2010AC"}:
                prov_segs.append(raw)
                if sid == "NM1" and g("NM101") == "85":
                    provider = {"name": _name(seg), "npi": g("NM109") or ""}
                continue
            if loop in {"2000B", "2010BA", "2010BB"}:
                sub_segs.append(raw)
                if sid == "NM1" and g("NM101") == "IL":
                    sub = {**sub, "name": _name(seg), "member_id": g("NM109") or ""}
                elif sid == "NM1" and g("NM101") == "PR":
                    sub = {**sub, "payer_id": g("NM109") or ""}
                continue
            if loop in {"2000C", "2010CA"}:
                pat_segs.append(raw)
                if sid == "NM1" and g("NM101") == "QC" and pat is not None:
                    pat["name"] = _name(seg)
                continue
            if sid == "CLM":
                segs = {"header": list(header), "provider": list(prov_segs)}
                segs |= {"subscriber": list(sub_segs), "patient": list(pat_segs), "claim": []}
                cur = _Claim(dict(env), dict(provider), dict(sub), pat, segs)
                cur.values = {
                    "claim_number": g("CLM01") or "",
                    "total": g("CLM02") or "",
                    "pos": g("CLM05-1") or "",
                    "frequency": g("CLM05-3") or "",
                }
                claims.append(cur)
                line = None
            if cur is None:
                continue
            cur.segments["claim"].append(raw)
            if sid == "LX":
                line = {"_n": g("LX01")}
                cur.lines.append(line)
            elif sid in {"SV1", "SV2"} and line is not None:
                _service(line, seg, sid)
            elif sid == "DTP" and g("DTP01") in {"472", "434"}:
                day = _date(g("DTP03"))
                if line is not None and g("DTP01") == "472":
                    line["service_date"] = day
                elif line is None:
                    cur.values["claim_date"] = day or ""
    return claims


def _name(seg: Any) -> str:
    g = seg.get_value
    if g("NM102") == "2":
        return (g("NM103") or "").strip()
    return " ".join(p for p in (g("NM104"), g("NM105"), g("NM103")) if p).strip()


def _service(line: dict[str, Any], seg: Any, sid: str) -> None:
    g = seg.get_value
    p = "SV101" if sid == "SV1" else "SV202"
    code = g(f"{p}-2") or ""
    line["code"] = code or None  # an institutional line may carry a revenue code only
    if code:
        line["code_system"] = "CPT" if code.isdigit() else "HCPCS"
    line["modifiers"] = [m for m in (g(f"{p}-{i}") for i in range(3, 7)) if m]
    line["description"] = g(f"{p}-7") or None
    if sid == "SV1":
        charge, units = g("SV102"), g("SV104")
        if g("SV105"):
            line["place_of_service"] = g("SV105")
    else:
        charge, units = g("SV203"), g("SV205")
        line["revenue_code"] = g("SV201") or None
    line["amount"] = _dec(charge)
    line["units"] = _units(units)
    line["quantity"] = line["units"]
    try:
        if charge and units and Decimal(units):
            price = Decimal(charge) / Decimal(units)
            if price == price.quantize(Decimal("0.0001")):
                line["unit_price"] = _dec(str(price))
    except InvalidOperation:
        pass


def _field(value: str | None, source: str) -> dict[str, Any]:
    return {"value": value or None, "confidence": 1.0, "source": f"x12:{source}"}


def _to_dict(c: _Claim, part: int, parts: int, *, file: str, sha256: str) -> dict[str, Any]:
    lines = []
    for ln in c.lines:
        out = {k: v for k, v in ln.items() if not k.startswith("_")}
        out.setdefault("service_date", c.values.get("claim_date") or None)
        out["confidence"] = 1.0
        lines.append(out)
    days = [ln["service_date"] for ln in lines if ln.get("service_date")]
    claimant = (c.patient or {}).get("name") or c.subscriber.get("name")
    member = c.subscriber.get("member_id")
    fields = {
        "claim_number": _field(c.values["claim_number"], "CLM01"),
        "policy_number": _field(member, "2010BA NM109"),
        "member_id": _field(member, "2010BA NM109"),
        "claimant_name": _field(claimant, "2010CA/2010BA NM1"),
        "provider_name": _field(c.provider.get("name"), "2010AA NM103"),
        "provider_npi": _field(c.provider.get("npi"), "2010AA NM109"),
        "payer_id": _field(c.subscriber.get("payer_id"), "2010BB NM109"),
        "place_of_service": _field(c.values["pos"], "CLM05-1"),
        "service_date": _field(min(days) if days else None, "DTP*472"),
        "currency": _field("USD", "X12 amounts are US dollars"),
        "total_claimed": _field(_dec(c.values["total"]), "CLM02"),
    }
    return {
        "schema": "bursar.extraction/1",
        "file": file,
        "sha256": sha256,
        "part": part,
        "parts": parts,
        "pages": 1,
        "text_source": "einvoice",  # a structured electronic document, no page read
        "kind": "claim",
        "kind_confidence": 1.0,
        "fields": fields,
        "lines": lines,
        "warnings": [],
        "x12": {
            "transaction": TRANSACTIONS.get(c.envelope.get("version", ""), "837"),
            "version": c.envelope.get("version"),
            "interchange": c.envelope.get("control"),
            "created": c.envelope.get("created") or None,
            "frequency": c.values.get("frequency") or None,
        },
        "versions": {"extractor": EXTRACTOR_VERSION, "pyx12": _pyx12_version()},
    }


def _pyx12_version() -> str:
    import pyx12

    return str(getattr(pyx12, "__version__", "?"))


def _check_837(text: str, where: str) -> None:
    gs = text.split("GS", 1)[-1][:200]
    if "HC" not in gs[:4] and not any(v in text[:400] for v in TRANSACTIONS):
        raise InputError(
            "X12 file is not an 837 claim (functional group is not HC)",
            code="unsupported_type",
            where=where,
        )


def read_claims(text: str, *, file: str, sha256: str, where: str = "") -> list[dict[str, Any]]:
    """Return one contract-4.1 claim dict per 837 claim; raise InputError for invalid X12."""
    _check_837(text, where or file)
    validate(text, where or file)
    claims = _walk(text)
    if not claims:
        raise InputError("X12 837 holds no claim (no CLM segment)", code="empty", where=where)
    return [_to_dict(c, n, len(claims), file=file, sha256=sha256) for n, c in enumerate(claims, 1)]


# --- splitting ----------------------------------------------------------------------------------


def split_claims(text: str, where: str = "") -> list[str]:
    """Return one valid interchange per claim of a valid 837 (one claim: the text as is).

    Each part keeps the envelope, submitter, receiver, billing provider, subscriber (and
    patient) of its claim; ST02 is the claim's position, so the same claim sent twice in
    one file or in two files makes two parts, and the same file sent twice the same parts.
    """
    _check_837(text, where)
    validate(text, where)
    claims = _walk(text)
    if len(claims) <= 1:
        return [text]
    return [_part_text(c, n) for n, c in enumerate(claims, 1)]


def _part_text(c: _Claim, n: int) -> str:
    isa = c.envelope["ISA"]
    term = isa[-1] if not isa[-1].isalnum() else "~"
    ele = isa[3]
    st02 = f"{n:04d}"
    s = c.segments
    hl_sub_child = "1" if c.patient is not None else "0"
    body = [s["header"][0].replace(f"{ele}{c.envelope['ST02']}{ele}", f"{ele}{st02}{ele}", 1)]
    body += s["header"][1:]
    body.append(ele.join(("HL", "1", "", "20", "1")) + term)
    body += s["provider"]
    body.append(ele.join(("HL", "2", "1", "22", hl_sub_child)) + term)
    body += s["subscriber"]
    if c.patient is not None:
        body.append(ele.join(("HL", "3", "2", "23", "0")) + term)
        body += s["patient"]
    body += s["claim"]
    body.append(ele.join(("SE", str(len(body) + 1), st02)) + term)
    gs = c.envelope["GS"]
    gs_control = gs.rstrip(term).split(ele)[6]
    control = c.envelope["control"]
    tail = [ele.join(("GE", "1", gs_control)) + term, ele.join(("IEA", "1", control)) + term]
    return "\n".join([isa, gs, *body, *tail]) + "\n"
