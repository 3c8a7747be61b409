"""A pended claim in the inbox (Chromium): its service lines with each line's outcome,
allowed amount and finding; a person denies the pended line with a reason code, the rules
run again and the claim is adjudicated; the 835 carries the person's reason code."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from inboxkit import PASSWORD

pytestmark = pytest.mark.browser


def _pended_claim(tmp_path: Path) -> tuple[int, dict]:
    """Store a generated 837 claim whose last line has a code with no fee; decide it."""
    from bursar.db import session_scope
    from bursar.ingest.process import redecide
    from bursar.records import Document, Extraction
    from bursar.store import default_store
    from devkit.claims_master import clean_claims
    from extractors.x12 import read_claims

    sc = clean_claims(tmp_path / "master", 61, claims=6)
    stored = default_store().put(sc.text.encode("ascii"))
    claims = read_claims(sc.text, file="batch.x12", sha256=stored.sha256)
    claim = next(c for c in claims if len(c["lines"]) >= 2)
    claim["lines"][-1]["code"] = "G9999"  # a code the fee schedule does not know
    f = {k: v["value"] for k, v in claim["fields"].items()}
    with session_scope() as session:
        doc = Document(
            stage="decided", sha256=stored.sha256, filename="batch.x12",
            media_type="application/edi-x12", size=stored.size, status="extracted",
            kind="claim", vendor_id=f["member_id"], invoice_number=f["claim_number"],
            currency="USD", total=Decimal(f["total_claimed"]),
        )  # fmt: skip
        session.add(doc)
        session.flush()
        session.add(Extraction(document_id=doc.id, result=claim, versions=claim["versions"]))
        doc_id = doc.id or 0
    assert redecide(doc_id, actor="pipeline").status == "exception"
    return doc_id, claim


def test_inbox_shows_a_pended_claim_line_and_a_person_denies_it(
    chromium, live_server, inbox_home, artifacts, tmp_path: Path
) -> None:
    doc_id, claim = _pended_claim(tmp_path)
    n = len(claim["lines"])
    base = live_server
    page = chromium.new_context(viewport={"width": 1440, "height": 1000}).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{base}/login")
    page.fill("input[name=username]", "carla")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/inbox")
    assert claim["fields"]["claim_number"]["value"] in page.locator("#items").inner_text()

    page.goto(f"{base}/documents/{doc_id}")
    rows = page.locator("#claim-lines tr.claim-line")
    assert rows.count() == n
    pended = page.locator(f'#claim-lines tr.claim-line[data-line="{n}"]')
    assert "outcome-pend" in (pended.get_attribute("class") or "")
    assert "G9999" in pended.inner_text() and "Pended" in pended.inner_text()
    assert "Fee not found" in pended.inner_text()
    assert pended.locator("td.allowed").inner_text() == "—"
    first = page.locator('#claim-lines tr.claim-line[data-line="1"]')
    assert "Paid" in first.inner_text()
    charged = claim["lines"][0]["amount"]
    assert first.locator("td.allowed").inner_text().replace(",", "").endswith(charged)
    page.screenshot(path=str(artifacts / "inbox-claim-lines.png"), full_page=True)

    # deny the pended line with a reason code: the rules run again, the claim is decided
    deny = pended.locator("details.line-deny")
    deny.locator("summary").click()
    deny.locator("select[name=value]").select_option("CO-96")
    deny.locator("input[name=reason]").fill("service not covered by this plan")
    deny.locator("button").click()
    page.wait_for_load_state()
    assert "rules re-run: approved" in page.locator(".flash").inner_text()
    pended = page.locator(f'#claim-lines tr.claim-line[data-line="{n}"]')
    assert "Denied" in pended.inner_text() and "CO-96" in pended.inner_text()
    assert pended.locator("td.allowed").inner_text() in {"0.00", "$0.00", "USD 0.00"}
    page.screenshot(path=str(artifacts / "inbox-claim-line-denied.png"), full_page=True)
    assert errors == []

    from bursar.db import session_scope
    from bursar.remit import claims_from_db, write_835

    with session_scope() as session:
        remitted = [c for c in claims_from_db(session) if c.control == str(doc_id)]
    assert len(remitted) == 1 and remitted[0].lines[-1].carc == "96"
    assert remitted[0].lines[-1].paid == 0
    text = write_835(
        remitted, payer_name="P", payer_tax_id="123456789", trace="T", paid_on=remitted_day()
    )
    assert "CAS*CO*96*" in text


def remitted_day():  # type: ignore[no-untyped-def]
    import datetime

    return datetime.date(2025, 10, 1)
