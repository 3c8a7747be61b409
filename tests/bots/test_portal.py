"""portal_download against the sandbox vendor portal, with Debian's Chromium."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlmodel import select

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def portal(sandbox_factory: Any) -> Any:
    # 4 invoices, 2 per page: two list pages.
    return sandbox_factory(["portal"], {"portal": {"page_size": 2}}, count=4)


@pytest.fixture
def sandbox(portal: Any) -> Any:
    from devkit.sandbox import manage

    portal.fresh_db()
    manage.configure("portal", layout="v1", fail_paths={}, error_rate=0.0)
    return portal


def _documents() -> list[Any]:
    from bursar.db import session_scope
    from bursar.records import Document

    with session_scope(write=False) as s:
        return list(s.exec(select(Document)).all())


def _items() -> dict[str, Any]:
    from bots.records import WorkItem
    from bursar.db import session_scope

    with session_scope(write=False) as s:
        return {w.reference: w for w in s.exec(select(WorkItem)).all()}


def _listed(sandbox: Any) -> list[dict[str, Any]]:
    return json.loads((Path(sandbox.system("portal")["dir"]) / "invoices.json").read_text())


def test_every_invoice_is_downloaded_exactly_once_across_two_runs(sandbox: Any) -> None:
    import bots

    listed = _listed(sandbox)
    first = bots.run("portal_download")
    assert first.status == "succeeded", first.message
    assert first.items == {"new": len(listed), "done": len(listed)}
    assert first.stats["pages"] == -(-len(listed) // 2) >= 2
    docs = _documents()
    assert len(docs) == len(listed) and {d.source for d in docs} == {"portal"}
    assert set(_items()) == {f"portal:{r['id']}" for r in listed}

    second = bots.run("portal_download")
    assert second.status == "succeeded"
    assert second.items == {"skipped": len(listed)}
    assert len(_documents()) == len(listed)

    # The vendor uploads the same file again under a new portal id: skipped by sha256.
    path = Path(sandbox.system("portal")["dir"]) / "invoices.json"
    path.write_text(json.dumps([*listed, {**listed[0], "id": "PI-REPOST"}]))
    try:
        third = bots.run("portal_download")
    finally:
        path.write_text(json.dumps(listed))
    assert third.items == {"new": 1, "skipped": len(listed) + 1}
    items = _items()
    assert items["portal:PI-REPOST"].status == "successful"
    assert items["portal:PI-REPOST"].document_ids == items[f"portal:{listed[0]['id']}"].document_ids
    assert len(_documents()) == len(listed)


def test_a_500_mid_run_is_retried_and_the_run_completes(sandbox: Any) -> None:
    import bots
    from devkit.sandbox import manage

    listed = _listed(sandbox)
    pdf = f"/invoices/{listed[3]['id']}/pdf"
    manage.configure("portal", fail_paths={"/invoices?page=2": 1, pdf: 1})
    result = bots.run("portal_download")
    assert result.status == "succeeded", result.message
    assert result.items == {"new": len(listed), "done": len(listed)}
    assert result.stats["page_retries"] == 1
    items = _items()
    assert items[f"portal:{listed[3]['id']}"].attempts == 2
    assert all(i.status == "successful" for i in items.values())


def test_a_changed_selector_in_the_profile_follows_a_moved_next_button(
    sandbox: Any, tmp_path: Path
) -> None:
    import bots
    from bots.portal import PROFILES

    listed = _listed(sandbox)
    from devkit.sandbox import manage

    manage.configure("portal", layout="v2")  # "Next" link gone; an "Older" button on top
    stale = bots.run("portal_download")
    assert stale.status == "succeeded" and stale.items == {"new": 2, "done": 2}

    profile = yaml.safe_load((PROFILES / "sandbox_portal.yml").read_text())
    profile["next_page"] = "#older"
    changed = tmp_path / "portal.yml"
    changed.write_text(yaml.safe_dump(profile))
    sandbox.mp.setenv("BURSAR_BOTS", json.dumps({"portal_download": {"profile": str(changed)}}))
    from bursar.config import reset_settings

    reset_settings()
    try:
        moved = bots.run("portal_download")
    finally:
        sandbox.mp.setenv("BURSAR_BOTS", "{}")
        reset_settings()
    assert moved.status == "succeeded", moved.message
    assert moved.items == {"new": len(listed) - 2, "done": len(listed) - 2, "skipped": 2}
    assert moved.stats["pages"] == -(-len(listed) // 2)
