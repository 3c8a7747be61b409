"""The dashboard shows where documents are in the pipeline and the scheduler's open alerts."""

from __future__ import annotations

import re

from inboxkit import login


def test_dashboard_shows_documents_by_stage_and_stuck_ones(client, inbox_home) -> None:
    from bursar.db import session_scope
    from bursar.records import Document

    login(client, "cora")
    page = client.get("/dashboard").text
    decided = re.search(r"<th>decided</th><td class=\"num\">(\d+)</td>", page)
    assert decided and int(decided.group(1)) == len(inbox_home.docs)
    assert "Embedded mode (SQLite)" in page
    with session_scope() as session:  # one document interrupted long ago
        doc = session.get(Document, next(iter(inbox_home.docs.values())))
        from datetime import timedelta

        from bursar.types import utcnow

        doc.stage, doc.stage_at = "processing", utcnow() - timedelta(hours=1)
        session.add(doc)
    page = client.get("/dashboard").text
    assert re.search(r"stuck \(over 10 min\)</th><td class=\"num\"><strong>1</strong>", page)


def test_dashboard_lists_open_alerts(client, inbox_home) -> None:
    from bursar.db import session_scope
    from bursar.records import Alert

    with session_scope() as session:
        session.add(Alert(kind="disabled", subject="job/portal", message="3 failures in a row"))
    login(client, "cora")
    page = client.get("/dashboard").text
    assert "job/portal: 3 failures in a row" in page
    assert 'href="/jobs"' in page
