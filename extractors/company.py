"""Who is who before a page is read: the company running Bursar, and known vendors.

The company (``[company]`` in ``bursar.toml``) is the buyer on almost every document it
receives: its names, VAT IDs and IBANs are never the vendor's. Known vendors (master
data) are recognised by their IBAN, VAT ID or an alias printed on the page.
``party_candidates`` turns the party blocks of ``extractors.parties`` into field
candidates under these rules.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from extractors.layout import page_lines
from extractors.tokens import PageTokens, union_bbox

if TYPE_CHECKING:
    from extractors.fields import Candidate


@dataclass(frozen=True)
class Company:
    """Who runs Bursar: the buyer on the documents it receives."""

    names: tuple[str, ...] = ()
    vat_ids: tuple[str, ...] = ()
    ibans: tuple[str, ...] = ()


@dataclass(frozen=True)
class KnownVendor:
    """A vendor from the master data, as far as the page can show it."""

    name: str
    tax_id: str | None = None
    iban: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Parties:
    """What extraction knows about parties before it reads a page."""

    company: Company = field(default_factory=Company)
    vendors: tuple[KnownVendor, ...] = ()


def fold(text: str) -> str:
    """Return a name for comparison: case, spacing and punctuation folded."""
    return " ".join(re.sub(r"[^\w&]+", " ", text.casefold()).split())


def compact(value: str) -> str:
    return "".join(value.split()).upper()


SCORES = {"label": 0.93, "sender-line": 0.88, "window": 0.75}


def party_candidates(
    pages: Sequence[PageTokens], parties: Parties | None = None
) -> tuple[list[Candidate], set[str]]:
    """Return name/ID candidates from party blocks, and the values that are the buyer's own.

    The second item holds compacted VAT IDs and IBANs and folded names that must never be
    read as the vendor's: those printed in a buyer's block and the configured company's.
    """
    from extractors.fields import Candidate
    from extractors.parties import find_blocks

    parties = parties or Parties()
    company = parties.company
    buyer_own = {compact(v) for v in (*company.vat_ids, *company.ibans)}
    buyer_own |= {fold(n) for n in company.names}
    out: list[Candidate] = []
    blocks = find_blocks(pages)
    for b in blocks:
        if b.role == "seller" and any(fold(b.name[0]) in buyer_own for _ in [0] if b.name):
            b.role = "buyer"  # the company's own block, whatever its label says
    for b in blocks:
        if b.role == "buyer":
            buyer_own |= {compact(v) for v in (*b.vat_ids, *b.ibans)}
    for b in blocks:
        score = SCORES[b.how]
        if b.name and b.role in ("seller", "buyer"):
            text, toks = b.name
            fieldname = "vendor_name" if b.role == "seller" else "customer_name"
            if b.role == "seller" and fold(text) in buyer_own:
                continue
            out.append(
                _cand(Candidate, fieldname, text, score, b.page, toks, f"layout:party-{b.how}")
            )
        if b.role == "seller":
            for v in b.vat_ids:
                if compact(v) not in buyer_own:
                    out.append(
                        _cand(Candidate, "vendor_tax_id", v, score, b.page, (), "layout:party")
                    )
            for v in b.ibans:
                if compact(v) not in buyer_own:
                    out.append(
                        _cand(Candidate, "vendor_iban", v, score, b.page, (), "layout:party")
                    )
    out += _company_named(pages, company, out)
    return out, buyer_own


def _company_named(
    pages: Sequence[PageTokens], company: Company, found: Sequence[Candidate]
) -> list[Candidate]:
    """Return the company's own name as the customer, where the page prints it."""
    from extractors.fields import Candidate
    from extractors.parties import _clean_name

    if not company.names or any(
        c.field == "customer_name" and fold(c.value) in {fold(n) for n in company.names}
        for c in found
    ):
        return []
    wanted = {fold(n): n for n in company.names}
    for page in pages[:1]:
        for ln in page_lines(page.tokens, page.page):
            got = _clean_name(ln)
            if got and fold(got[0]) in wanted:
                return [
                    _cand(
                        Candidate,
                        "customer_name",
                        got[0],
                        0.92,
                        page.page,
                        got[1],
                        "layout:company",
                    )
                ]
    return []


def _cand(cls, fieldname, value, score, page, toks, source):  # noqa: ANN001, ANN202
    bbox = union_bbox(list(toks)) if toks else (0.0, 0.0, 0.0, 0.0)
    return cls(fieldname, value, score, page, bbox, source, tuple(toks))


def known_vendor(pages: Sequence[PageTokens], vendors: Sequence[KnownVendor]) -> KnownVendor | None:
    """Return the one master-data vendor whose IBAN, VAT ID or alias the page prints."""
    if not vendors:
        return None
    text = " ".join(t.text for p in pages for t in p.tokens)
    squeezed = compact(text)
    folded = f" {fold(text)} "
    hits = []
    for v in vendors:
        strong = any(x and compact(x) in squeezed for x in (v.iban, v.tax_id))
        named = any(n and f" {fold(n)} " in folded for n in (v.name, *v.aliases) if len(n) >= 4)
        if strong or named:
            hits.append((2 if strong else 1, v))
    if not hits:
        return None
    best = max(h[0] for h in hits)
    top = [v for s, v in hits if s == best]
    return top[0] if len(top) == 1 else None
