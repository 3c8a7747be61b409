"""Public 837 sample files (pyx12's own, BSD): every one pyx12 deems valid is read
without error, claim for claim and line for line (counted from the raw segments)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extractors.x12 import read_claims, validate

DATA = Path(__file__).resolve().parents[1] / "data" / "x12" / "pyx12"
FILES = sorted(DATA.glob("*.x12"))


def _segments(text: str) -> list[list[str]]:
    term = text[105]  # the ISA segment is fixed width: its terminator is the 106th character
    ele = text[3]
    return [s.strip().split(ele) for s in text.split(term) if s.strip()]


def test_the_public_samples_are_there() -> None:
    assert len(FILES) >= 3 and (DATA / "LICENSE.txt").is_file()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_public_837_is_read_claim_for_claim(path: Path) -> None:
    text = path.read_text(encoding="ascii")
    validate(text)  # pyx12 deems it valid
    segs = _segments(text)
    clm = [s for s in segs if s[0] == "CLM"]
    lx_per_claim: list[int] = []
    for s in segs:
        if s[0] == "CLM":
            lx_per_claim.append(0)
        elif s[0] == "LX" and lx_per_claim:
            lx_per_claim[-1] += 1
    claims = read_claims(text, file=path.name, sha256="0" * 64)
    assert [c["fields"]["claim_number"]["value"] for c in claims] == [s[1] for s in clm]
    assert [c["fields"]["total_claimed"]["value"] for c in claims] == [
        f"{float(s[2]):.2f}" for s in clm
    ]
    assert [len(c["lines"]) for c in claims] == lx_per_claim
    for c in claims:
        assert c["x12"]["transaction"] in {"837P", "837I"}
        assert c["fields"]["member_id"]["value"]
        for ln in c["lines"]:
            assert ln["amount"] is not None and ln["units"] is not None
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", ln["service_date"] or "")
            assert ln.get("code") or ln.get("revenue_code")
