"""The scheduler end to end on SQLite: real ``bursar scheduler start`` processes, real job
processes, real time (seconds-level triggers)."""

from __future__ import annotations

import json
import os
import time
from datetime import UTC, datetime, timedelta

import pytest
from conftest import Kit, wait_for

pytestmark = pytest.mark.slow
YEARLY = "0 0 1 1 *"  # never fires during a test: these jobs run through run-now


def _done(kit: Kit, job: str, status: str | None = None) -> list:
    finished = ("succeeded", "failed", "timed_out", "missed", "skipped", "cancelled")
    return [r for r in kit.runs(job) if r.status in finished and (not status or r.status == status)]


def _idle(kit: Kit, job: str) -> bool:
    return not [r for r in kit.runs(job) if r.status in ("pending", "queued", "running")]


def test_interval_job_runs_pause_resume_and_run_now(kit: Kit, tmp_path) -> None:
    today = datetime.now(UTC).date()
    holidays = tmp_path / "holidays.csv"
    holidays.write_text(f"{today}\n{today + timedelta(days=1)}\n")
    kit.cli("jobs", "add", "tick", "--command", kit.job("ok", "tick.pids"), "--every", "2s")
    kit.cli(
        "jobs",
        "add",
        "holiday",
        "--command",
        kit.job("ok", "holiday.pids"),
        "--every",
        "1s",
        "--calendar",
        str(holidays),
    )
    proc = kit.start()
    assert len(wait_for(lambda: _done(kit, "tick", "succeeded")[1:], 20)) >= 1
    history = json.loads(kit.cli("jobs", "history", "tick", "--json").stdout)
    assert history[0]["status"] == "succeeded" and history[0]["items"] == 2
    assert "jobscript ok starting" in history[0]["log_tail"]
    assert history[0]["duration_s"] > 0 and history[0]["trigger"] == "cron"

    kit.cli("jobs", "pause", "tick", "--actor", "paula")
    assert wait_for(lambda: _idle(kit, "tick"), 10)
    paused_count = len(kit.runs("tick"))
    time.sleep(4.5)  # two fire times pass while paused
    assert len(kit.runs("tick")) == paused_count

    kit.cli("jobs", "run-now", "tick", "--actor", "nick")
    manual = wait_for(lambda: [r for r in _done(kit, "tick") if r.trigger == "manual"], 10)
    assert len(manual) == 1 and manual[0].status == "succeeded" and manual[0].actor == "nick"
    assert len(kit.runs("tick")) == paused_count + 1  # exactly once, and still paused

    kit.cli("jobs", "resume", "tick")
    assert len(wait_for(lambda: _done(kit, "tick")[paused_count + 2 :], 15)) >= 1
    assert kit.runs("holiday") == []  # today is a holiday in its calendar
    assert kit.schedule("holiday").next_fire_at.date() > today + timedelta(days=1)
    assert kit.stop(proc) == 0
    assert "lease released" in proc.log.read_text()
    assert "no scheduler holds the lease" in kit.cli("scheduler", "status").stdout


def test_time_limit_retries_with_backoff_and_business_errors(kit: Kit) -> None:
    kit.cli(
        "jobs",
        "add",
        "hung",
        "--command",
        kit.job("hang", "hung.pids"),
        "--cron",
        YEARLY,
        "--timeout",
        "2s",
        "--retries",
        "0",
        "--sla",
        "1s",
    )
    kit.cli(
        "jobs",
        "add",
        "flaky",
        "--command",
        kit.job("app"),
        "--cron",
        YEARLY,
        "--retries",
        "2",
        "--backoff",
        "1s",
    )
    kit.cli(
        "jobs",
        "add",
        "wrongpw",
        "--command",
        kit.job("business"),
        "--cron",
        YEARLY,
        "--retries",
        "3",
        "--backoff",
        "1s",
    )
    (kit.home / "hotfolder").mkdir(parents=True)
    kit.cli("jobs", "add", "scanner", "--bot", "folder_watch", "--cron", YEARLY)  # a real bot
    proc = kit.start()
    for name in ("hung", "flaky", "wrongpw", "scanner"):
        kit.cli("jobs", "run-now", name)

    (hung,) = wait_for(lambda: _done(kit, "hung"), 20)
    assert (hung.status, hung.error_type) == ("timed_out", "application")
    assert "time limit of 2s" in hung.error and "jobscript hang starting" in hung.log_tail
    pid = int((kit.home.parent / "hung.pids").read_text().split()[0])
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # the hung child is gone, not orphaned
    from bursar.alerts import open_alerts
    from bursar.db import session_scope

    with session_scope(write=False) as session:
        kinds = {(a.kind, a.subject) for a in open_alerts(session)}
    assert {("sla", "job/hung"), ("failure", "job/hung")} <= kinds

    flaky = wait_for(lambda: _done(kit, "flaky")[2:] and _done(kit, "flaky"), 25)
    assert [(r.attempt, r.trigger, r.error_type) for r in flaky] == [
        (1, "manual", "application"),
        (2, "retry", "application"),
        (3, "retry", "application"),
    ]
    assert flaky[1].due_at - flaky[0].finished_at >= timedelta(seconds=1)
    assert flaky[2].due_at - flaky[1].finished_at >= timedelta(seconds=2)  # backoff doubles
    assert flaky[2].started_at >= flaky[2].due_at

    wrong = wait_for(lambda: _done(kit, "wrongpw"), 10)
    time.sleep(1.5)  # past the first backoff: still no retry
    assert [(r.attempt, r.status, r.error_type) for r in kit.runs("wrongpw")] == [
        (1, "failed", "business")
    ]
    assert wrong[0].error == "business happened"
    assert kit.schedule("flaky").consecutive_failures == 1  # one failure after its retries
    (bot,) = wait_for(lambda: _done(kit, "scanner"), 30)
    assert bot.status == "succeeded", bot.log_tail
    assert bot.result["bot"] == "folder_watch" and bot.items == 0
    assert kit.stop(proc) == 0


def test_three_consecutive_failures_disable_the_job_and_email(kit: Kit, smtp_server, tmp_path):
    config = tmp_path / "bursar.toml"
    config.write_text(
        f'[smtp]\nhost = "127.0.0.1"\nport = {smtp_server.port}\n'
        'to = ["ops@example.com"]\nsender = "bursar@example.com"\n'
    )
    kit.env["BURSAR_CONFIG"] = str(config)
    kit.cli(
        "jobs",
        "add",
        "broken",
        "--command",
        kit.job("app"),
        "--every",
        "2s",
        "--max-failures",
        "3",
        "--actor",
        "olga",
    )
    proc = kit.start()
    wait_for(lambda: not kit.schedule("broken").enabled, 25)
    job = kit.schedule("broken")
    assert not job.enabled and job.paused_by == "scheduler"
    assert "3 consecutive failures" in job.disabled_reason
    time.sleep(2.5)  # disabled: no more runs
    runs = kit.runs("broken")
    assert [r.status for r in runs if r.status != "skipped"] == ["failed"] * 3
    mails = wait_for(lambda: smtp_server.messages[3:] and smtp_server.messages, 10)
    subjects = [m["Subject"] for m in mails]
    assert any("disabled" in s and "job/broken" in s for s in subjects), subjects
    assert sum("failure" in s for s in subjects) == 3
    disabled = next(m for m in mails if "disabled" in m["Subject"])
    assert disabled["To"] == "ops@example.com"
    assert "last error: app happened" in disabled.get_payload()
    listed = json.loads(kit.cli("jobs", "list", "--json").stdout)
    assert listed[0]["state"].startswith("disabled")
    assert kit.stop(proc) == 0


def test_missed_runs_after_downtime_follow_the_misfire_policy(kit: Kit) -> None:
    from bursar.cli import main

    proc = kit.start()
    assert kit.stop(proc) == 0  # graceful: the lease is released
    soon = datetime.now(UTC) + timedelta(seconds=2)
    ok = kit.job("ok")
    assert (
        main(["jobs", "add", "every1s", "--command", ok, "--every", "1s", "--misfire-grace", "1h"])
        == 0
    )
    for name, grace in (("ontime", "1h"), ("toolate", "1s")):
        assert (
            main(
                [
                    "jobs",
                    "add",
                    name,
                    "--command",
                    ok,
                    "--at",
                    soon.isoformat(),
                    "--misfire-grace",
                    grace,
                ]
            )
            == 0
        )
    time.sleep(max(0.0, (soon - datetime.now(UTC)).total_seconds()) + 2.5)
    proc = kit.start()
    catch_up = wait_for(lambda: _done(kit, "every1s"), 15)
    assert catch_up[0].trigger == "catch_up" and catch_up[0].status == "succeeded"
    assert catch_up[0].stats["coalesced"] >= 2  # several missed fire times, one run
    (ontime,) = wait_for(lambda: _done(kit, "ontime"), 10)
    assert (ontime.trigger, ontime.status) == ("catch_up", "succeeded")
    (late,) = wait_for(lambda: _done(kit, "toolate"), 10)
    assert late.status == "missed" and "misfire grace of 1s" in late.error
    assert late.started_at is None  # recorded, never run
    from bursar.alerts import open_alerts
    from bursar.db import session_scope

    with session_scope(write=False) as session:
        assert [a.kind for a in open_alerts(session)] == ["missed"]
    assert kit.stop(proc) == 0


def test_second_scheduler_waits_and_takes_over_after_kill_9(kit: Kit) -> None:
    kit.cli("jobs", "add", "tick", "--command", kit.job("ok"), "--every", "1s")
    first = kit.start()
    second = kit.start(wait_line="waiting to take over")
    assert "scheduler lease held by" in second.log.read_text()
    refused = kit.cli("scheduler", "start", "--no-wait", ok=False, proc=True)
    assert refused.returncode == 3 and "held by" in refused.stdout
    wait_for(lambda: len(_done(kit, "tick")) >= 3, 15)
    # actor: "scheduler HOST:PID:TOKEN" of the scheduler that fired it; host: who ran it
    assert {r.actor.split(":")[1] for r in kit.runs("tick")} == {str(first.pid)}
    ran = {r.host.split(":")[1] for r in _done(kit, "tick") if r.host}
    assert ran == {str(first.pid)}  # the waiting scheduler ran nothing
    first.kill()  # kill -9: no lease release, no goodbye
    first.wait()
    killed_at = len(kit.runs("tick"))
    wait_for(lambda: "scheduler started" in second.log.read_text(), 20)
    assert "scheduler started" in second.log.read_text()
    by_second = lambda: [r for r in _done(kit, "tick") if (r.host or "").endswith(f":{second.pid}")]  # noqa: E731
    assert wait_for(lambda: by_second()[2:], 15)
    runs = kit.runs("tick")
    assert len(runs) > killed_at
    fires = [(r.fire_time, r.attempt) for r in runs]
    assert len(fires) == len(set(fires))  # no fire time ran twice
    assert kit.stop(second) == 0


def test_ingest_job_runs_the_pipeline_on_its_folder(kit: Kit, tmp_path) -> None:
    from devkit.demo import import_master
    from devkit.synth import generate

    generate(
        tmp_path / "gen",
        count=2,
        seed=5,
        scans=False,
        claims=False,
        einvoices=False,
        discrepancies=False,
    )
    import_master(tmp_path / "gen" / "master")
    kit.cli(
        "jobs", "add", "hotfolder", "--ingest", str(tmp_path / "gen" / "docs"), "--cron", YEARLY
    )
    kit.cli("jobs", "run-now", "hotfolder")
    proc = kit.start()
    (run,) = wait_for(lambda: _done(kit, "hotfolder"), 60)
    assert run.status == "succeeded", run.log_tail
    assert run.items == 2 and run.stats["done"] == 2
    from sqlmodel import select

    from bursar.db import session_scope
    from bursar.records import Document

    with session_scope(write=False) as session:
        docs = list(session.exec(select(Document)))
    assert len(docs) == 2 and {d.source for d in docs} == {"hotfolder"}  # the job's name
    assert kit.stop(proc) == 0
