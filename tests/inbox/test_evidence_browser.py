"""Issue 23: the inbox shows, beside each field, why it is trusted or not (Chromium)."""

from __future__ import annotations

import copy

import pytest
from inboxkit import PASSWORD

pytestmark = pytest.mark.browser


def _with_evidence(document_id: int) -> None:
    """Store a newer extraction of the document read by the layout rules, with the
    evidence ``extract_pages`` attaches (``extractors.field_evidence``)."""
    from bursar.db import session_scope
    from bursar.inbox.detail import latest_extraction
    from bursar.records import Extraction
    from extractors.field_evidence import field_evidence

    with session_scope() as session:
        ext = latest_extraction(session, document_id)
        assert ext is not None
        result = copy.deepcopy(ext.result)
        for name, f in result["fields"].items():
            f["source"] = "layout:letterhead" if name == "vendor_name" else "layout:label"
        result = field_evidence(result, vendor_known=False)
        session.add(
            Extraction(document_id=document_id, result=result, versions=result.get("versions"))
        )


def _why(page, name: str) -> tuple[list[str], list[str]]:  # type: ignore[no-untyped-def]
    row = page.locator(f'#fields tr[data-field="{name}"]')
    return row.locator("ul.why li.ok").all_inner_texts(), row.locator(
        "ul.why li.doubt"
    ).all_inner_texts()


def test_the_evidence_is_shown_beside_each_field(
    chromium, live_server, inbox_home, artifacts
) -> None:
    doc = inbox_home.docs["variance"]  # its total is misread: 1746.00 for 1476.00
    _with_evidence(doc)
    page = chromium.new_context(viewport={"width": 1440, "height": 1100}).new_page()
    page.goto(f"{live_server}/login")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/inbox")
    page.goto(f"{live_server}/documents/{doc}")

    ok, doubt = _why(page, "total")
    assert any("subtotal + tax = 1476.00, not 1746.00" in t for t in doubt), doubt
    assert any("first invoice of this layout" in t for t in doubt)
    assert any("read beside its label" in t for t in ok)

    ok, doubt = _why(page, "vendor_iban")
    assert any("IBAN check digits valid" in t for t in ok), ok

    ok, doubt = _why(page, "vendor_name")
    assert any("guessed from its position" in t for t in doubt), doubt

    ok, doubt = _why(page, "invoice_date")
    assert any("plausible date" in t for t in ok), ok

    # every field with evidence has its reasons beside it, the doubts marked apart
    rows = page.locator("#fields tr[data-field]")
    with_why = page.locator("#fields tr[data-field] ul.why")
    assert with_why.count() >= 8 and with_why.count() == rows.count()
    assert page.locator("#fields ul.why li.doubt").first.inner_text().startswith("✗")
    page.locator("#fields").screenshot(path=str(artifacts / "issue23-evidence.png"))
