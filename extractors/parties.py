"""Seller and buyer: party blocks found by multilingual labels and by their place on the page.

An invoice prints two parties, often with the same kinds of data (name, address, VAT
ID, sometimes an IBAN). Reading "the first VAT ID on the page" takes the buyer's as
often as the seller's. Here every party block is found and given a role:

1. **Labelled sections**: a line that is a party label (de/en/fr/nl/it/es: "Verkäufer",
   "Lieferant", "Supplier", "From", "Fournisseur", "Leverancier", "Fornitore",
   "Proveedor"; "Käufer", "Rechnungsempfänger", "Bill to", "Client", "Acheteur", "Klant",
   "Cliente"; delivery addresses are a third, ignored role) heads the lines below it in
   its column, up to the next label or a wide gap. The section's name is its "Name:"
   value or its first name-like line; its VAT IDs and IBANs belong to that party.
2. **The sender line**: the small return-address line above a window envelope's
   address ("Bei Spiel GmbH · Ecke 12 · 12345 Stadthausen") names the seller, and the
   address block just below it is the buyer's.
3. **The address window**: without either, an address block (lines ending in a postcode
   and city) on the left in the upper part of the first page is the buyer's.

The company running Bursar is the buyer on almost every document it receives: its
names, VAT IDs and IBANs (``[company]`` in ``bursar.toml``) are never the vendor's, and
its name marks the buyer's block. Known vendors (master data) are recognised by their
IBAN, VAT ID or an alias printed on the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from extractors.company import (  # noqa: F401 - re-exported: parties' public names
    SCORES,
    Company,
    KnownVendor,
    Parties,
    compact,
    fold,
    known_vendor,
    party_candidates,
)
from extractors.layout import Line, page_lines
from extractors.parse import normalise_text, parse_iban, parse_vat_id
from extractors.tokens import PageTokens, Token

SELLER_WORDS = (
    "verkäufer|verkaeufer|lieferant|rechnungssteller|leistungserbringer|absender|auftragnehmer|"
    "supplier|seller|vendor|from|issued by|billed by|sender|"
    "fournisseur|vendeur|émetteur|emetteur|prestataire|"
    "leverancier|verkoper|afzender|"
    "fornitore|cedente prestatore|cedente|venditore|"
    "proveedor|vendedor|emisor"
)
BUYER_WORDS = (
    "käufer|kaeufer|rechnungsempfänger|leistungsempfänger|rechnungsadresse|rechnungsanschrift|"
    "auftraggeber|kunde|empfänger|an|kundenanschrift|kundenadresse|"
    "to|buyer|customer|bill to|billed to|invoice to|invoiced to|sold to|client|purchaser|"
    "bill-to|invoice address|billing address|customer address|"
    "ship (?:&|and) bill to|bill (?:&|and) ship to|sold (?:&|and) ship to|"
    "acheteur|facturé à|facture à|destinataire|adresse de facturation|client facturé|"
    "adresse client|facturer à|"
    "aan|klant|koper|afnemer|factuuradres|gefactureerd aan|gefactureerd naar|debiteur|"
    "cliente|committente|cessionario committente|cessionario|acquirente|"
    "intestatario|intestato a|spett\\.le|spettabile|fatturare a|fatturato a|"
    "comprador|facturar a|facturado a|destinatario|datos del cliente|adquirente"
)
OTHER_WORDS = (
    "warenempfänger|lieferadresse|lieferanschrift|lieferung an|ship to|deliver to|"
    "delivery address|shipping address|adresse de livraison|livré à|afleveradres|"
    "leveringsadres|indirizzo di consegna|luogo di consegna|dirección de entrega|enviar a|"
    "zahlungsempfänger|payee|bank details|bankverbindung"
)
_ROLE = {"seller": SELLER_WORDS, "buyer": BUYER_WORDS, "other": OTHER_WORDS}
_ONE = {r: rf"(?:{w})" for r, w in _ROLE.items()}
_ANY = "|".join(_ONE.values())
# "Käufer/Leistungsempfänger", "Bill to:", "Supplier (Seller)", "Rechnungsempfänger"
_HEADING = {
    r: re.compile(rf"^{p}(?:\s*[/&(,]\s*(?:{_ANY})\)?)*\s*:?$", re.I) for r, p in _ONE.items()
}


def _folded_patterns() -> dict[str, re.Pattern[str]]:
    from extractors.labels import _fold

    one = {r: rf"(?:{_fold(w)})" for r, w in _ROLE.items()}
    any_ = "|".join(one.values())
    return {
        r: re.compile(rf"^{p}(?:\s*[/&(,]\s*(?:{any_})\)?)*\s*:?$", re.I) for r, p in one.items()
    }


_HEADING_FOLDED = _folded_patterns()
# "Supplier: ACME GmbH" (label and name on one line)
_INLINE = {r: re.compile(rf"^{p}\s*:\s*(?P<rest>\S.*)$", re.I) for r, p in _ONE.items()}
NAME_KEYS = re.compile(
    r"^(?:name|firma|company|company name|raison sociale|nom|dénomination|naam|bedrijfsnaam|"
    r"nome|ragione sociale|denominazione|nombre|razón social)\s*:?$",
    re.I,
)
SALUTATION = re.compile(
    r"^(?:herrn?|frau|firma|fa\.|mr\.?|mrs\.?|ms\.?|m\.|mme|messrs\.?|dhr\.?|mevr\.?|sig\.?|"
    r"spett\.(?:le)?|sr\.?|sra\.?|attn\.?:?|z\.\s?hd\.?)\s+",
    re.I,
)
POSTCODE = re.compile(
    r"(?:^|\s)(?:[A-Z]{1,2}[- ])?(?:\d{4,5}|\d{2}-\d{3}|\d{3} ?\d{2}|\d{4} ?[A-Z]{2}|"
    r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|[A-Z]\d{2} ?[A-Z\d]{4}),?\s+\w"
    # US, UK and Irish addresses end in the code: "Columbus, OH 43004", "Cork T12 W8CD, IE"
    r"|\s(?:[A-Z]{2} \d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}|[A-Z]\d{2} [A-Z\d]{4})"
    r"(?:,\s*[A-Z]{2,3})?$",
)
# a letterhead's contact lines: the seller's address block, not the buyer's window
CONTACT = re.compile(
    r"@|\biban\b|^(?:t|tel|tél|phone|telefon|telefoon|telefono|teléfono|fon|fax)\.?:?\s*\+?\d",
    re.I,
)
_SEPARATORS = re.compile(r"\s+[·•●|–—]\s+|\s+-\s+|\s*\|\s*")
_ID_LINE = re.compile(r"^(?:gln|iln|gtin|ean|nummer|number|no\.?|nr\.?|id|kunden-?nr)\b", re.I)


@dataclass
class Block:
    """One party's block on a page."""

    role: str  # seller | buyer | other
    page: int
    name: tuple[str, tuple[Token, ...]] | None
    lines: list[Line]
    how: str  # label | sender-line | window
    vat_ids: list[str] = field(default_factory=list)
    ibans: list[str] = field(default_factory=list)


def _role_of_heading(text: str) -> str | None:
    """Return seller | buyer | other for a party heading line (accents optional: OCR)."""
    from extractors.labels import _fold

    t = normalise_text(text).strip()
    for candidate in (t, _fold(t)):
        for role, pat in (*_HEADING.items(), *_HEADING_FOLDED.items()):
            if pat.match(candidate):
                return role
    return None


def _rows(lines: Sequence[Line]) -> list[list[Line]]:
    """Return lines grouped into visual rows, top to bottom, each left to right."""
    rows: list[list[Line]] = []
    for ln in sorted(lines, key=lambda ln: (ln.cy, ln.x0)):
        if rows and abs(ln.cy - rows[-1][0].cy) < 0.5 * min(ln.height, rows[-1][0].height):
            rows[-1].append(ln)
        else:
            rows.append([ln])
    return [sorted(r, key=lambda ln: ln.x0) for r in rows]


def _name_like(text: str) -> bool:
    t = text.strip()
    letters = sum(ch.isalpha() for ch in t)
    if letters < 2 or letters < 0.5 * len(t.replace(" ", "")):
        return False
    if t.endswith(":") or _ID_LINE.match(t) or "@" in t or t.lower().startswith("http"):
        return False
    return not POSTCODE.search(" " + t) or len(t.split()) > 4


def _clean_name(line: Line) -> tuple[str, tuple[Token, ...]] | None:
    toks = list(line.tokens)
    text = normalise_text(line.text)
    m = SALUTATION.match(text)
    if m:
        drop = len(m.group(0).split())
        toks, text = toks[drop:], normalise_text(" ".join(t.text for t in toks[drop:]))
    if not toks or not _name_like(text):
        return None
    parts = _SEPARATORS.split(text)
    if len(parts) > 1:  # "Acme GmbH · Hauptstr. 5 · 10115 Berlin": the name is the first part
        n = len(parts[0].split())
        toks, text = toks[:n], parts[0]
    return text.strip(" ,;"), tuple(toks)


VAT_WORDS = re.compile(r"\b(?:ust|vat|tva|btw|iva|mwst|uid|nif|cif|p\.\s?iva|steuer|tax)", re.I)


def _ids(lines: Iterable[Line]) -> tuple[list[str], list[str]]:
    """Return the VAT IDs and IBANs printed in a block (after a VAT label: checksum aside)."""
    vats, ibans = [], []
    for row in _rows(list(lines)):
        labelled = bool(VAT_WORDS.search(" ".join(ln.text for ln in row)))
        for ln in row:
            words = [t.text for t in ln.tokens]
            for i in range(len(words)):
                for j in range(i + 1, min(len(words), i + 9) + 1):
                    chunk = " ".join(words[i:j])
                    if j - i <= 4 and (v := parse_vat_id(chunk, checksum=not labelled)):
                        vats.append(v)
                    if iban := parse_iban(chunk):
                        ibans.append(iban)
    return vats, ibans


def _section(
    head: Line, row: list[Line], lines: Sequence[Line], heads: set[int], width: float
) -> list[Line]:
    """Return the lines below a party heading, in its column, until the next heading or gap.

    The column runs from the heading to the next heading on its row (or 40% of the page
    width); a key in the column ("Name:") takes its value from the same row however far
    right it stands.
    """
    right = [ln.x0 for ln in row if ln.x0 > head.x1 + 2]
    limit = min(right) - 2 if right else head.x0 + 0.4 * width
    h = head.height
    below = [ln for ln in lines if ln.top >= head.bottom - 1 and ln is not head]
    out: list[Line] = []
    bottom = head.bottom
    taken = 0
    keyed = False
    for r in _rows(below):
        inside = [ln for ln in r if head.x0 - 2 * h <= ln.x0 < limit]
        if not inside:
            if keyed and out and r[0].top - bottom < 2.2 * r[0].height:
                out += r[:1]  # a value's second line ("DE 80333 München" under the street)
                bottom = max(bottom, r[0].bottom)
            continue
        key = inside[-1]
        keyed = key.text.rstrip().endswith(":")
        if keyed:
            inside += [ln for ln in r if ln.x0 >= limit and ln.x0 > key.x1][:1]
        gap = inside[0].top - bottom
        if gap > (4.0 * h if not out else 2.2 * min(h, inside[0].height)) or taken >= 14:
            break
        if (
            any(id(ln) in heads for ln in inside)
            or (inside[0].x0 < head.x0 - 2 and _role_of_heading(inside[0].text))
            or _ends_section(r)
            or _field_label(inside[0].text)
        ):
            break
        out += inside
        taken += 1
        bottom = max(ln.bottom for ln in inside)
    return out


def _field_label(text: str) -> bool:
    """Return whether a line starts with a document field's label (no party data follows)."""
    from extractors.labels import match_labels

    doc_fields = {"invoice_number", "invoice_date", "due_date", "po_number", "payment_terms"}
    return any(f in doc_fields and st == 0 and s >= 0.9 for f, st, _, s in match_labels(text))


def _ends_section(row: Sequence[Line]) -> bool:
    """Return whether a row is a table header or a totals line (no party block goes on)."""
    from extractors.columns import header_columns, is_header
    from extractors.labels import match_labels

    toks = [t for ln in row for t in ln.tokens]
    if is_header(header_columns(toks)):
        return True
    totals = {"subtotal", "total", "tax_amount"}
    return any(f in totals and st == 0 for f, st, _, _ in match_labels(row[0].text))


def _section_name(body: Sequence[Line]) -> tuple[str, tuple[Token, ...]] | None:
    rows = _rows(body)
    for r in rows:  # "Name:  Handwerker GmbH" (key and value as two lines of one row)
        if NAME_KEYS.match(normalise_text(r[0].text)) and len(r) > 1:
            return _clean_name(r[1])
    for r in rows:
        first = r[0]
        if len(r) > 1 and first.text.rstrip().endswith(":"):
            continue  # another key-value row ("Nummer: 549910")
        got = _clean_name(first)
        if got:
            return got
    return None


def labelled_blocks(page: PageTokens, lines: Sequence[Line]) -> list[Block]:
    """Return the party blocks headed by a party label on one page."""
    heads = [(ln, role) for ln in lines if (role := _role_of_heading(ln.text))]
    head_ids = {id(ln) for ln, _ in heads}
    rows = _rows(lines)
    row_of = {id(ln): r for r in rows for ln in r}
    out = []
    for head, role in heads:
        body = _section(head, row_of[id(head)], lines, head_ids, page.width)
        if not body:
            continue
        vats, ibans = _ids(body)
        out.append(Block(role, page.page, _section_name(body), body, "label", vats, ibans))
    for ln in lines:  # "Supplier: ACME GmbH"
        text = normalise_text(ln.text)
        for role, pat in _INLINE.items():
            m = pat.match(text)
            if m and _name_like(m.group("rest")):
                n = len(text.split()) - len(m.group("rest").split())
                toks = tuple(ln.tokens[n:])
                out.append(Block(role, page.page, _clean_name_tokens(toks), [ln], "label"))
    return out


def _clean_name_tokens(toks: tuple[Token, ...]) -> tuple[str, tuple[Token, ...]] | None:
    if not toks:
        return None
    return normalise_text(" ".join(t.text for t in toks)), toks


def _address_blocks(lines: Sequence[Line], page: PageTokens) -> list[list[Line]]:
    """Return stacks of left-aligned lines in the upper page that end in a postcode line."""
    upper = sorted(
        (ln for ln in lines if ln.top < 0.5 * page.height), key=lambda ln: (ln.top, ln.x0)
    )
    stacks: list[list[Line]] = []
    for ln in upper:
        for st in stacks:
            last = st[-1]
            if abs(ln.x0 - st[0].x0) < 4 and 0 <= ln.top - last.bottom < 2.2 * last.height:
                st.append(ln)
                break
        else:
            stacks.append([ln])
    # a stack that ran on into the next block (a buyer's address just below the seller's)
    # is split there
    stacks = [part for st in stacks for part in (_by_block(st) if len(st) > 8 else [st])]
    return [
        st
        for st in stacks
        if 2 <= len(st) <= 8 and any(POSTCODE.search(" " + x.text) for x in st[1:])
    ]


def _by_block(stack: list[Line]) -> list[list[Line]]:
    """Return a stack of lines cut where the layout's block changes."""
    out: list[list[Line]] = []
    for ln in stack:
        if out and out[-1][-1].block == ln.block:
            out[-1].append(ln)
        else:
            out.append([ln])
    return out


def _not_an_address(stack: Sequence[Line]) -> bool:
    """Return whether a stack holds document fields or a letterhead's contact data."""
    return any(_field_label(ln.text) or CONTACT.search(ln.text) for ln in stack)


def positional_blocks(page: PageTokens, lines: Sequence[Line], taken: set[int]) -> list[Block]:
    """Return the sender line's seller and the address window's buyer on a first page."""
    out: list[Block] = []
    senders = [
        ln
        for ln in lines
        if ln.top < 0.45 * page.height
        and len(_SEPARATORS.split(normalise_text(ln.text))) >= 3
        and POSTCODE.search(" " + ln.text)
        and id(ln) not in taken
    ]
    rest = [ln for ln in lines if ln not in senders]
    stacks = [st for st in _address_blocks(rest, page) if not any(id(x) in taken for x in st)]
    for s in senders:
        name = _clean_name(s)
        if name:
            out.append(Block("seller", page.page, name, [s], "sender-line"))
        below = [
            st
            for st in stacks
            if 0 <= st[0].top - s.bottom < 8 * s.height and st[0].x0 < s.x1 and s.x0 < st[0].x1
        ]
        if below:
            st = min(below, key=lambda st: st[0].top)
            stacks.remove(st)
            out.append(_stack_block("buyer", page, st, "sender-line"))
    if not any(b.role == "buyer" for b in out):
        seller = {fold(b.name[0]) for b in out if b.name}
        upper = [
            st
            for st in stacks
            if 0.08 * page.height < st[0].top < 0.45 * page.height
            and not any(fold(ln.text).startswith(tuple(seller)) for ln in st[:1] if seller)
        ]
        if len(upper) > 1:  # the seller's letterhead or a meta block beside the window
            upper = [st for st in upper if not _not_an_address(st)] or upper
        left = [st for st in upper if st[0].x0 < 0.45 * page.width]
        window = upper if len(upper) == 1 else left
        if len(window) == 1:
            out.append(_stack_block("buyer", page, window[0], "window"))
    return out


def _stack_block(role: str, page: PageTokens, st: list[Line], how: str) -> Block:
    name = next(
        (got for ln in st[:3] if not _role_of_heading(ln.text) and (got := _clean_name(ln))), None
    )
    vats, ibans = _ids(st)
    return Block(role, page.page, name, st, how, vats, ibans)


def find_blocks(pages: Sequence[PageTokens]) -> list[Block]:
    """Return the party blocks of a document (labelled ones on any page, positions on page 1)."""
    out: list[Block] = []
    for page in pages[:2]:
        lines = page_lines(page.tokens, page.page)
        found = labelled_blocks(page, lines)
        out += found
        if page.page == 1:
            taken = {id(ln) for b in found for ln in b.lines}
            if not any(b.role == "buyer" for b in found):
                out += [b for b in positional_blocks(page, lines, taken)]
    return out
