"""The inbox Jobs page: next run in the job's time zone (across DST), history with log
tails, control for admins and controllers only, every change audited with the person."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlmodel import select

from bursar.db import session_scope
from bursar.records import AuditEvent, JobRun, Schedule

PASSWORD = "correct horse battery"


def _client(name: str) -> tuple[TestClient, str]:
    from bursar.inbox import create_app

    client = TestClient(create_app(), base_url="http://testserver")
    page = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    resp = client.post(
        "/login",
        data={"username": name, "password": PASSWORD, "csrf": token},
        follow_redirects=False,
    )
    assert resp.status_code == 303, resp.text
    jobs = client.get("/jobs")
    csrf = re.search(r'name="csrf" value="([^"]+)"', jobs.text)
    return client, csrf.group(1) if csrf else ""


def _setup(kit) -> None:
    from bursar.cli import main
    from bursar.inbox.users import add_user

    with session_scope() as session:
        add_user(session, "ada", "admin", PASSWORD, actor="test")
        add_user(session, "aud", "auditor", PASSWORD, actor="test")
    assert (
        main(
            [
                "jobs",
                "add",
                "morning",
                "--command",
                kit.job("ok"),
                "--cron",
                "0 7 * * *",
                "--timezone",
                "Europe/Berlin",
            ]
        )
        == 0
    )
    # As the scheduler leaves it after the Saturday 24 Oct 2026 run: the next fire time is
    # Sunday 25 Oct, the day summer time ends (07:00 CET = 06:00 UTC, not 05:00).
    from scheduler import triggers

    with session_scope() as session:
        job = session.exec(select(Schedule)).one()
        job.next_fire_at = triggers.plan_for(job).next_after(
            datetime(2026, 10, 24, 5, 0, tzinfo=UTC)
        )
        session.add(job)
        session.add(
            JobRun(
                job="morning",
                trigger="cron",
                status="failed",
                attempt=1,
                fire_time=datetime(2026, 10, 24, 5, 0, tzinfo=UTC),
                error_type="application",
                error="portal down",
                log_tail="Traceback: <portal> timed out",
                duration_s=1.5,
            )
        )


def test_next_run_is_shown_in_the_jobs_time_zone_across_dst(kit) -> None:
    _setup(kit)
    client, _ = _client("aud")
    page = client.get("/jobs").text
    row = re.search(r'<tr data-job="morning">.*?</tr>', page, re.S).group(0)
    assert "2026-10-25 07:00:00 CET" in row  # not 08:00 or 06:00
    assert "failed" in row and "2026-10-24 07:00:00 CEST" in row
    detail = client.get("/jobs/morning").text
    assert "&lt;portal&gt; timed out" in detail  # the log tail, escaped
    assert "portal down" in detail


def test_only_control_roles_pause_resume_and_run_now_and_it_is_audited(kit) -> None:
    _setup(kit)
    auditor, csrf = _client("aud")
    assert "/jobs/morning/pause" not in auditor.get("/jobs").text
    refused = auditor.post("/jobs/morning/pause", data={"csrf": csrf}, follow_redirects=False)
    assert refused.status_code == 403
    admin, csrf = _client("ada")
    assert (
        admin.post(
            "/jobs/morning/pause", data={"csrf": "wrong"}, follow_redirects=False
        ).status_code
        == 403
    )
    assert kit.schedule("morning").enabled
    resp = admin.post("/jobs/morning/pause", data={"csrf": csrf}, follow_redirects=False)
    assert resp.status_code == 303
    job = kit.schedule("morning")
    assert not job.enabled and job.paused_by == "ada"
    assert "paused by ada" in admin.get("/jobs").text
    admin.post("/jobs/morning/run-now", data={"csrf": csrf}, follow_redirects=False)
    admin.post("/jobs/morning/resume", data={"csrf": csrf}, follow_redirects=False)
    assert kit.schedule("morning").enabled
    assert [r.actor for r in kit.runs("morning") if r.trigger == "manual"] == ["ada"]
    with session_scope(write=False) as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.subject == "job/morning"))
        assert [(e.action, e.actor) for e in events][-3:] == [
            ("job.pause", "ada"),
            ("job.run_now", "ada"),
            ("job.resume", "ada"),
        ]


def test_alerts_show_on_the_jobs_page_until_acknowledged(kit) -> None:
    from bursar.alerts import raise_alert

    _setup(kit)
    alert_id = raise_alert("failure", "job/morning", "job morning failed: portal down")
    auditor, csrf = _client("aud")
    assert "job morning failed: portal down" in auditor.get("/jobs").text
    assert (
        auditor.post(
            f"/jobs/alerts/{alert_id}/ack", data={"csrf": csrf}, follow_redirects=False
        ).status_code
        == 403
    )
    admin, csrf = _client("ada")
    admin.post(f"/jobs/alerts/{alert_id}/ack", data={"csrf": csrf}, follow_redirects=False)
    assert "job morning failed: portal down" not in admin.get("/jobs").text
    with session_scope(write=False) as session:
        (ack,) = session.exec(select(AuditEvent).where(AuditEvent.action == "alert.acknowledge"))
        assert ack.actor == "ada"
