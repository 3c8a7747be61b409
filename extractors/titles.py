"""The document's title line: "Rechnung Nr. 2024-17 vom 03.05.2024", "Invoice # A-118 dated ...".

Many invoices print their number and date in the title instead of under labels
("Handelsrechnung (380) Nr. 471102 vom 15.11.2024", "Facture FA-2017-0010", "Invoice #
RE-20201121/508 issued at 2020-11-21"). A line that starts with a document title word
(de/en/fr/nl/it/es) gives an id after the title (and after "Nr.", "#", "No." ...), and a
date after "vom", "dated", "du", "del" .... They score below a specific label and above
the first-date guess.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from extractors.layout import Line
from extractors.parse import Conventions, normalise_text
from extractors.tokens import PageTokens, union_bbox
from extractors.values import read_date, read_id

if TYPE_CHECKING:
    from extractors.fields import Candidate

TITLE = re.compile(
    r"^(?:[a-zäöü\-]*rechnung|rechnungskorrektur|gutschrift|stornorechnung|"
    r"(?:tax |commercial |proforma |pro-forma )?invoice|credit note|credit memo|"
    r"facture|avoir|factuur|verkoopfactuur|creditnota|creditfactuur|fattura|factura|abono|"
    r"rectificativa)$",
    re.I,
)
FILLER = re.compile(
    r"^(?:\(\d{3}\)|#|nr\.?|no\.?|n[°ºo]\.?|number|nummer|numéro|num\.?|:|-)$", re.I
)
DATE_WORD = re.compile(
    r"^(?:vom|von|dated|date|of|issued|at|on|du|le|del|van|d\.d\.|datum|data|fecha|:|-|,)$", re.I
)
SCORE = 0.8


def title_candidates(page: PageTokens, lines: Sequence[Line], conv: Conventions) -> list[Candidate]:
    """Return the invoice number and date printed in a title line of the page's upper half."""
    from extractors.fields import Candidate

    out: list[Candidate] = []
    for ln in lines:
        toks = list(ln.tokens)
        if ln.top > 0.6 * page.height or not toks or not TITLE.match(normalise_text(toks[0].text)):
            continue
        i = 1
        # up to two words qualify the title ("Schlussrechnung Bau (877) Nr. 210113")
        while i < 3 and i < len(toks) and toks[i].text.isalpha() and not FILLER.match(toks[i].text):
            i += 1
        while i < len(toks) and FILLER.match(toks[i].text):
            i += 1
        got = read_id(toks[i : i + 1], conv) if i < len(toks) else None
        if got is None:
            continue
        value, used = got
        out.append(
            Candidate(
                "invoice_number",
                value,
                SCORE,
                page.page,
                union_bbox(used),
                "layout:title",
                tuple(used),
                ln.block,
            )
        )
        j = i + 1
        # up to two short words may qualify the number ("Nr. 210111 mit LV vom 30.05.2026")
        k = j
        while k < j + 2 and k < len(toks) and toks[k].text.isalpha() and len(toks[k].text) <= 4:
            k += 1
        if k > j and k < len(toks) and DATE_WORD.match(toks[k].text) and toks[k].text.isalpha():
            j = k
        start = j
        while j < len(toks) and DATE_WORD.match(toks[j].text):
            j += 1
        if j > start and (date := read_date(toks[j : j + 3], conv)):
            out.append(
                Candidate(
                    "invoice_date",
                    date[0],
                    SCORE,
                    page.page,
                    union_bbox(date[1]),
                    "layout:title",
                    tuple(date[1]),
                    ln.block,
                )
            )
        break
    return out
