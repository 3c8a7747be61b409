"""Line-level adjudication of X12 claims against a generated scenario with truth."""

from __future__ import annotations

import copy
import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from bursar.remit import remit_claim, write_835
from devkit.synth.x12 import pack_with_settings, replay, scenario, score
from extractors.x12 import read_claims, validate


def _run(kind: str, tmp_path: Path, seed: int = 31, claims: int = 66):
    sc = scenario(seed, claims=claims, kind=kind)
    ex = read_claims(sc.text, file="s.x12", sha256="d" * 64)
    pack = pack_with_settings(sc.claims_settings, tmp_path)
    return sc, ex, replay(sc, ex, pack)


@pytest.mark.parametrize("kind", ["P", "I"])
def test_clean_claims_go_straight_through_and_every_problem_is_caught(
    kind: str, tmp_path: Path
) -> None:
    sc, _, decisions = _run(kind, tmp_path)
    s = score(sc, decisions)
    assert s["problem_lines"] >= 40 and s["clean_claims"] >= 30
    assert s["straight_through"] == 1.0
    assert s["recall"] == 1.0
    assert s["wrongly_paid"] == 0


def _by_problem(sc, decisions, problem: str):
    return [(c, d) for c, d in zip(sc.claims, decisions, strict=True) if c.problem == problem]


def test_duplicate_line_is_denied_with_carc_18(tmp_path: Path) -> None:
    sc, _, decisions = _run("P", tmp_path)
    (claim, d), *_ = _by_problem(sc, decisions, "duplicate_line")
    last = d.claim_lines[-1]
    assert (last.outcome, last.group, last.carc, last.paid) == ("denied", "CO", "18", Decimal(0))
    assert d.status == "approved"  # denials are answers, not exceptions
    assert any(f.rule == "duplicate_line" and f.line == last.line for f in d.findings)


def test_over_fee_schedule_line_is_paid_at_the_allowed_amount_with_carc_45(
    tmp_path: Path,
) -> None:
    sc, _, decisions = _run("P", tmp_path)
    (claim, d), *_ = _by_problem(sc, decisions, "over_fee")
    x = d.claim_lines[-1]
    assert x.outcome == "paid" and x.carc == "45" and x.paid == claim.lines[-1].paid < x.charged
    f = next(f for f in d.findings if f.rule == "over_fee_schedule")
    assert f.expected == f"{x.paid:.2f}" and f.actual == f"{x.charged:.2f}"


def test_unknown_code_and_bad_totals_go_to_the_inbox(tmp_path: Path) -> None:
    sc, _, decisions = _run("I", tmp_path)
    for problem, rule in (
        ("fee_not_found", "fee_not_found"),
        ("total_mismatch", "arithmetic_mismatch"),
    ):
        for _, d in _by_problem(sc, decisions, problem):
            assert d.status == "exception"
            assert any(f.rule == rule and f.severity == "block" for f in d.findings)


@pytest.mark.parametrize("kind", ["P", "I"])
def test_835_for_the_adjudicated_claims_validates_with_pyx12(kind: str, tmp_path: Path) -> None:
    sc, ex, decisions = _run(kind, tmp_path, claims=30)
    claims = [
        remit_claim(e, list(d.findings), str(n))
        for n, (e, d) in enumerate(zip(ex, decisions, strict=True), start=1)
        if d.status == "approved"
    ]
    text = write_835(
        claims, payer_name="PAYER", payer_tax_id="123456789", trace="T1",
        paid_on=datetime.date(2025, 10, 1),
    )  # fmt: skip
    validate(text)  # raises naming the segment when pyx12 finds anything wrong
    assert text.count("CLP*") == len(claims)
    bpr = Decimal(text.split("BPR*")[1].split("*")[1])
    assert bpr == sum((c.paid for c in claims), Decimal(0))
    assert "CAS*CO*18*" in text and "CAS*CO*45*" in text


def test_a_line_billed_again_on_a_later_claim_is_denied_as_a_duplicate(tmp_path: Path) -> None:
    sc = scenario(52, claims=6, kind="P", problems=False)
    ex = read_claims(sc.text, file="s.x12", sha256="d" * 64)
    first = ex[2]
    again = copy.deepcopy(first)  # the same service sent again under a new claim number
    again["fields"]["claim_number"]["value"] = "RESENT-1"
    other = copy.deepcopy(first)  # the same day and member, another provider: not a duplicate
    other["fields"]["claim_number"]["value"] = "OTHER-1"
    other["fields"]["provider_npi"]["value"] = "1999999999"
    sc.claims = [*sc.claims, sc.claims[2], sc.claims[2]]
    decisions = replay(sc, [*ex, again, other], pack_with_settings(sc.claims_settings, tmp_path))
    resent, elsewhere = decisions[-2], decisions[-1]
    assert [x.outcome for x in decisions[2].claim_lines] == ["paid"] * len(first["lines"])
    assert {(x.outcome, x.group, x.carc) for x in resent.claim_lines} == {("denied", "CO", "18")}
    assert all(f.rule == "duplicate_line" for f in resent.findings if f.line)
    assert first["fields"]["claim_number"]["value"] in resent.findings[0].message
    assert {x.outcome for x in elsewhere.claim_lines} == {"paid"}
