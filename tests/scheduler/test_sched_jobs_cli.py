"""``bursar jobs``: adding, validating, pausing, editing, audit of every change, toml sync."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import select

from bursar.cli import main
from bursar.db import session_scope
from bursar.records import AuditEvent, JobRun, Schedule


def _count(model: type) -> int:
    with session_scope(write=False) as session:
        return len(list(session.exec(select(model))))


def _events(action: str) -> list[AuditEvent]:
    with session_scope(write=False) as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--bot", "no_such_bot", "--cron", "0 7 * * 1"], "unknown bot 'no_such_bot'"),
        (["--ingest", "{tmp}", "--cron", "0 7 * * XYZ"], "invalid cron expression"),
        (
            ["--ingest", "{tmp}", "--cron", "0 7 * * 1", "--timezone", "Europe/Nowhere"],
            "unknown time zone",
        ),
        (
            ["--ingest", "{tmp}", "--cron", "0 7 * * 1", "--calendar", "zz-QQ"],
            "unknown holiday calendar",
        ),
        (["--ingest", "{tmp}/missing", "--cron", "0 7 * * 1"], "folder not found"),
        (["--ingest", "{tmp}", "--cron", "0 7 * * 1", "--timeout", "soon"], "--timeout"),
        (["--ingest", "{tmp}", "--cron", "0 7 * * 1", "--overlap", "maybe"], "--overlap"),
    ],
)
def test_bad_job_is_one_clear_line_and_nothing_is_added(
    kit, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    argv = ["jobs", "add", "nightly", *[a.replace("{tmp}", str(tmp_path)) for a in args]]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1, err
    assert _count(Schedule) == 0 and _count(AuditEvent) == 0


def test_add_pause_resume_edit_remove_are_audited_with_who(kit, tmp_path: Path, capsys) -> None:
    assert (
        main(
            [
                "jobs",
                "add",
                "hot",
                "--ingest",
                str(tmp_path),
                "--cron",
                "0 7 * * MON-FRI",
                "--timezone",
                "Europe/Berlin",
                "--calendar",
                "de-NW",
                "--retries",
                "3",
                "--sla",
                "10m",
                "--misfire-grace",
                "2h",
                "--actor",
                "olga",
            ]
        )
        == 0
    )
    job = kit.schedule("hot")
    assert (job.retries, job.sla_s, job.misfire_grace_s, job.calendar) == (3, 600, 7200, "de-NW")
    assert job.next_fire_at is not None and job.next_fire_at.weekday() < 5
    assert main(["jobs", "pause", "hot", "--actor", "paul"]) == 0
    assert kit.schedule("hot").enabled is False
    (pause,) = _events("job.pause")
    assert pause.actor == "paul"
    data = json.loads(pause.data)
    assert data["before"]["enabled"] is True and data["after"]["paused_by"] == "paul"
    capsys.readouterr()
    assert main(["jobs", "list", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["state"] == "paused by paul" and row["next_run"] is None
    assert main(["jobs", "resume", "hot", "--actor", "rita"]) == 0
    assert _events("job.resume")[0].actor == "rita" and kit.schedule("hot").enabled
    assert main(["jobs", "edit", "hot", "--cron", "30 6 * * *", "--actor", "ed"]) == 0
    edit = json.loads(_events("job.edit")[0].data)
    assert edit["before"]["trigger"] == "cron:0 7 * * MON-FRI"
    assert edit["after"]["trigger"] == "cron:30 6 * * *"
    assert main(["jobs", "edit", "hot", "--cron", "bad cron"]) == 2  # refused, unchanged
    assert kit.schedule("hot").trigger_expr == "30 6 * * *"
    assert main(["jobs", "run-now", "hot", "--actor", "nina"]) == 0
    (run,) = kit.runs("hot")
    assert (run.status, run.trigger, run.actor) == ("pending", "manual", "nina")
    assert main(["jobs", "remove", "hot", "--actor", "rex"]) == 0
    assert _count(Schedule) == 0 and _count(JobRun) == 1  # history stays
    assert main(["jobs", "show", "hot"]) == 2


def test_jobs_from_bursar_toml_are_synced_at_start(kit, tmp_path: Path) -> None:
    from bursar.config import reset_settings

    toml = tmp_path / "bursar.toml"
    toml.write_text(f"""
[[jobs]]
name = "hotfolder"
ingest = "{tmp_path}"
every = "10m"
retries = 2

[[jobs]]
name = "month-end"
ingest = "{tmp_path}"
cron = "0 18 LBD * *"
timezone = "Europe/Berlin"
calendar = "de-NW"
""")
    kit.config = toml
    kit.env["BURSAR_CONFIG"] = str(toml)
    proc = kit.start("--no-wait")
    kit.stop(proc)
    assert "bursar.toml: added hotfolder" in proc.log.read_text()
    reset_settings()
    assert kit.schedule("hotfolder").retries == 2
    assert kit.schedule("month-end").source == "toml"
    toml.write_text(
        toml.read_text().split("[[jobs]]")[0] + '[[jobs]]\nname = "hotfolder"\n'
        f'ingest = "{tmp_path}"\nevery = "5m"\n'
    )
    proc = kit.start("--no-wait")
    kit.stop(proc)
    log = proc.log.read_text()
    assert "updated hotfolder" in log and "removed month-end" in log, log
