"""The inbox in a real browser (Debian's Chromium via Playwright) against a live server."""

from __future__ import annotations

import pytest
from inboxkit import PASSWORD

pytestmark = pytest.mark.browser


def _login(page, base: str, name: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/login")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/inbox")


def _doc(base: str, doc: int) -> str:
    return f"{base}/documents/{doc}?*"


def _logout(page) -> None:  # type: ignore[no-untyped-def]
    page.click("text=Log out")
    page.wait_for_url("**/login")


def _flash(page) -> str:  # type: ignore[no-untyped-def]
    return page.locator(".flash").inner_text()


def test_clerk_story_end_to_end(chromium, live_server, inbox_home, artifacts) -> None:
    base, docs = live_server, inbox_home.docs
    context = chromium.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    # not logged in: any page sends you to the login form
    page.goto(f"{base}/documents/{docs['variance']}")
    assert "/login" in page.url
    _login(page, base, "alice")

    # only exceptions and rejections are listed, with counts per reason and SLA badges
    rows = page.locator("#items tbody tr")
    assert rows.count() == 6
    assert "inv-clean" not in page.locator("#items").inner_text()
    assert page.locator(".sla-overdue").count() >= 1
    assert "Quantity over received" in page.locator(".reasons").inner_text()
    page.screenshot(path=str(artifacts / "inbox-list.png"), full_page=True)

    # keyboard: the oldest item is first; j/k move, o opens
    page.keyboard.press("j")
    page.keyboard.press("k")
    current = page.locator("tr.current").get_attribute("data-href") or ""
    assert current.startswith(f"/documents/{docs['variance']}?ls=")
    page.keyboard.press("o")
    page.wait_for_url(_doc(base, docs["variance"]))

    # the page image with the field boxes drawn over it, the flagged total in red
    page.wait_for_function("document.querySelector('.page img').naturalWidth > 0")
    img = page.locator(".page img").bounding_box()
    total = page.locator('.box[data-field="total"]')
    assert "box-flag" in (total.get_attribute("class") or "")
    box = total.bounding_box()
    assert img and box and box["width"] > 10 and box["height"] > 5
    assert img["x"] <= box["x"] and box["x"] + box["width"] <= img["x"] + img["width"] + 1
    assert img["y"] <= box["y"] and box["y"] + box["height"] <= img["y"] + img["height"] + 1
    assert page.locator(".box").count() >= 10
    assert "Expected" in page.locator("#findings").inner_text()
    assert page.locator("#lines td.diff").count() >= 1  # unit price 12.00 vs PO 10.00
    page.screenshot(path=str(artifacts / "inbox-document.png"), full_page=False)

    # correct the misread total: the rules run again and the arithmetic finding goes away
    row = page.locator('#fields tr[data-field="total"]')
    row.locator("summary").click()
    row.locator("input[name=value]").fill("1476.00")
    row.locator("input[name=reason]").fill("total misread on the scan")
    row.locator("button").click()
    page.wait_for_load_state()
    assert "rules re-run" in _flash(page)
    findings = page.locator("#findings").inner_text()
    assert "Arithmetic mismatch" not in findings and "Price variance" in findings

    # the corrector may not approve
    page.fill("#approve-comment", "Price increase agreed")
    page.select_option("select[name='reason_code.price_variance']", "price_agreed")
    page.click("#approve")
    page.wait_for_load_state()
    assert "segregation of duties" in _flash(page)
    _logout(page)

    # another approver: over the limit is refused, within the limit is approved
    _login(page, base, "bob")
    page.goto(f"{base}/documents/{docs['big']}")
    page.fill("#approve-comment", "Urgent pump replacement")
    page.select_option("select[name='reason_code.price_variance']", "price_agreed")
    page.click("#approve")
    page.wait_for_load_state()
    assert "over your approval limit" in _flash(page)
    page.goto(f"{base}/documents/{docs['variance']}#decide")
    assert page.evaluate("document.activeElement.id") == "approve-comment"  # the 'a' target
    page.keyboard.type("Price increase agreed with buyer")
    page.select_option("select[name='reason_code.price_variance']", "price_agreed")
    page.click("#approve")
    page.wait_for_load_state()
    assert "approved by bob" in _flash(page)
    assert f"/documents/{docs['variance']}" not in page.url  # moved on to the next item
    page.goto(f"{base}/documents/{docs['variance']}")
    assert page.locator("#item-status").inner_text().lower() == "approved"
    _logout(page)

    # the auditor sees everything and can do nothing
    _login(page, base, "audrey")
    page.goto(f"{base}/documents/{docs['gloves1']}")
    assert "Read-only" in page.locator("#actions").inner_text()
    assert page.locator("#approve").count() == 0 and page.locator("details.edit").count() == 0
    csrf = page.locator("input[name=csrf]").first.input_value()
    resp = page.request.post(
        f"{base}/api/items/{inbox_home.items['gloves1']}/approve",
        data={"comment": "sneaky"},
        headers={"X-CSRF-Token": csrf},
    )
    assert resp.status == 403

    # the timeline tells the whole story
    page.goto(f"{base}/documents/{docs['variance']}")
    timeline = page.locator("#timeline").inner_text()
    for text in ("document.corrected", "1746.00", "1476.00", "inbox.approved", "alice", "bob"):
        assert text in timeline, text
    page.screenshot(path=str(artifacts / "inbox-document-decided.png"), full_page=True)
    page.goto(f"{base}/dashboard")
    assert page.locator("#kpi-touchless").inner_text().endswith("%")
    page.screenshot(path=str(artifacts / "inbox-dashboard.png"), full_page=True)
    assert not errors, errors
    context.close()

    from bursar import audit
    from bursar.db import session_scope

    with session_scope(write=False) as session:
        assert audit.verify(session).ok


def test_small_screen_layout_stacks(chromium, live_server, inbox_home, artifacts) -> None:
    context = chromium.new_context(viewport={"width": 420, "height": 860})
    page = context.new_page()
    _login(page, live_server, "carla")
    page.goto(f"{live_server}/documents/{inbox_home.docs['gloves1']}")
    viewer, side = page.locator(".viewer").bounding_box(), page.locator(".side").bounding_box()
    assert (
        viewer and side and side["y"] >= viewer["y"] + viewer["height"] - 1
    )  # stacked, not side by side
    assert page.evaluate("document.documentElement.scrollWidth") <= 421
    page.screenshot(path=str(artifacts / "inbox-document-phone.png"), full_page=False)
    context.close()


@pytest.mark.slow
def test_clerk_pages_corrects_picks_a_vendor_and_the_approver_moves_on(
    chromium, live_server, inbox_home, artifacts
) -> None:
    """Issue 12's acceptance story: sign in with TOTP, page through 120 exceptions, correct
    a line item, pick a vendor; the approver approves and lands on the next item."""
    import pyotp
    from inboxkit import copy_document, many_exceptions

    from bursar.db import session_scope
    from bursar.inbox.users import set_totp

    base = live_server
    stranger = copy_document(
        inbox_home.docs["gloves1"], "inv-stranger",
        {"vendor_name": "Glove Traders Ltd", "vendor_tax_id": None, "vendor_iban": None,
         "invoice_number": "GT-7781"},
    )  # fmt: skip
    many_exceptions(113)  # with the seeded six and the stranger: 120 open exceptions
    with session_scope() as session:
        secret = set_totp(session, "carla", actor="test")
    context = chromium.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(f"{base}/login")
    page.fill("input[name=username]", "carla")
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=code]", pyotp.TOTP(secret or "").now())
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/inbox")
    for shown in ("1–50 of 120", "51–100 of 120", "101–120 of 120"):
        assert shown in page.locator("#showing").inner_text()
        if "101" not in shown:
            page.click("#next-page")
            page.wait_for_load_state()
    assert page.locator("#items tbody tr").count() == 20
    page.screenshot(path=str(artifacts / "issue12-list-page3.png"), full_page=True)

    page.click("text=GT-7781")
    page.wait_for_url(_doc(base, stranger))
    edit = page.locator('details.line-edit[data-line="1"]')
    edit.locator("summary").click()
    edit.locator("select[name=field]").select_option("lines.1.quantity")
    edit.locator("input[name=value]").fill("11")
    edit.locator("input[name=reason]").fill("counted again at the dock")
    edit.locator("button").click()
    page.wait_for_load_state()
    assert "lines.1.quantity changed from 10 to 11" in _flash(page)
    assert "Unknown vendor" in page.locator(".doc-head").inner_text()
    page.select_option("#vendor-select", "V001")
    page.click("#pick-vendor")
    page.wait_for_load_state()
    assert "Vendor set to" in _flash(page)
    assert "unknown_vendor" not in page.locator("#findings").inner_text().lower().replace(" ", "_")
    page.screenshot(path=str(artifacts / "issue12-corrected.png"), full_page=True)
    _logout(page)

    _login(page, base, "bob")
    page.goto(f"{base}/inbox?sort=age")  # newest first: the stranger leads the list
    page.click("text=GT-7781")
    page.wait_for_url(_doc(base, stranger))
    next_href = page.locator(".doc-head").get_attribute("data-next") or ""
    assert next_href.startswith("/documents/")
    for select in page.locator("select.reason-code").all():
        select.select_option(index=1)
    page.fill("#approve-comment", "Quantity confirmed with the warehouse")
    page.click("#approve")
    page.wait_for_url(f"{base}{next_href}")
    assert "approved by bob" in _flash(page)
    page.screenshot(path=str(artifacts / "issue12-next-item.png"), full_page=False)
    assert not errors, errors
    context.close()
