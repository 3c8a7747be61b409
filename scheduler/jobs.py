"""Jobs: validate, add, edit, pause, resume, remove and run-now, each one audited.

The CLI, the inbox Jobs page and the ``[[jobs]]`` tables of ``bursar.toml`` all change
jobs through these functions; the running scheduler reads the ``schedule`` table every
tick, so a change is picked up within seconds without restarting it.
"""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from bursar import audit
from bursar.errors import InputError
from bursar.records import JobRun, Schedule
from bursar.types import utcnow
from scheduler import calendars, triggers

KINDS = ("bot", "ingest", "models_train", "command", "inbox")
INBOX_TASKS = ("escalate",)  # issue 26: `bursar inbox escalate`
OVERLAPS = ("skip", "queue", "replace")
MODEL_TASKS = ("kind", "fields", "glcode")
# The bots named in the bots issue; used when ``bots.registry`` is not importable.
KNOWN_BOTS = (
    "portal_download",
    "erp_sync",
    "erp_post",
    "mailbox_ingest",
    "folder_watch",
    "desktop_entry",
)
COMMAND_JOBS_ENV = "BURSAR_TEST_COMMAND_JOBS"  # command jobs exist for tests only
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


@dataclass(frozen=True)
class JobSpec:
    """Everything an operator says about a job; ``validated`` checks it all at once."""

    name: str
    kind: str
    target: str
    trigger_kind: str = "cron"
    trigger_expr: str = ""
    timezone: str = "UTC"
    calendar: str | None = None
    timeout_s: int = 900
    retries: int = 0
    backoff_s: int = 30
    overlap: str = "skip"
    misfire_grace_s: int = 300
    sla_s: int | None = None
    max_failures: int = 3

    def validated(self) -> tuple[JobSpec, list[str] | None]:
        """Return the spec normalised plus a CSV calendar's dates; InputError if wrong."""
        if not _NAME.match(self.name):
            raise InputError(
                f"job name {self.name!r}: use letters, digits, '.', '-' or '_' (max 64)",
                code="bad_job",
            )
        if self.overlap not in OVERLAPS:
            raise InputError(f"--overlap must be one of {', '.join(OVERLAPS)}", code="bad_job")
        for what, value in (("timeout", self.timeout_s), ("max failures", self.max_failures)):
            if value < 1:
                raise InputError(f"{what} must be at least 1", code="bad_job")
        if self.retries < 0 or self.backoff_s < 0 or self.misfire_grace_s < 0:
            raise InputError("retries, backoff and misfire grace cannot be negative")
        target = _check_target(self.kind, self.target)
        dates = None
        cal = calendars.NO_CALENDAR
        calendar = self.calendar or None
        if calendar and calendars.is_csv_spec(calendar):
            path = Path(calendar).expanduser().resolve()
            dates = [d.isoformat() for d in calendars.read_csv_dates(path)]
            calendar = str(path)
            cal = calendars.load(calendar, dates)
        elif calendar:
            cal = calendars.load(calendar)
        triggers.build(self.trigger_kind, self.trigger_expr, self.timezone, cal)
        return replace(self, target=target, calendar=calendar), dates


def _check_target(kind: str, target: str) -> str:
    if kind == "bot":
        names = bot_names()
        if target not in names:
            raise InputError(
                f"unknown bot {target!r}; known bots: {', '.join(sorted(names)) or 'none'}",
                code="unknown_bot",
            )
        return target
    if kind == "ingest":
        path = Path(target).expanduser()
        if not path.is_dir():
            raise InputError("--ingest: folder not found", where=target, code="bad_job")
        return str(path.resolve())
    if kind == "models_train":
        if target not in MODEL_TASKS:
            raise InputError(f"unknown model {target!r}; one of {', '.join(MODEL_TASKS)}")
        return target
    if kind == "inbox":
        if target not in INBOX_TASKS:
            raise InputError(f"unknown inbox task {target!r}; one of {', '.join(INBOX_TASKS)}")
        return target
    if kind == "command":
        if os.environ.get(COMMAND_JOBS_ENV) != "1":
            raise InputError("command jobs are for Bursar's own tests only", code="bad_job")
        if not shlex.split(target):
            raise InputError("--command: empty command", code="bad_job")
        return target
    raise InputError(f"unknown job kind {kind!r}: one of {', '.join(KINDS)}", code="bad_job")


def bot_names() -> list[str]:
    """Return the registered bots' names (the agreed list until the registry exists)."""
    try:
        from bots import registry  # type: ignore[attr-defined]
    except ImportError:
        return list(KNOWN_BOTS)
    return list(registry.names())


def view(s: Schedule) -> dict[str, Any]:
    """Return a job as plain JSON-able data (what the audit trail and ``--json`` show)."""
    return {
        "name": s.name,
        "kind": s.kind,
        "target": s.target,
        "trigger": f"{s.trigger_kind}:{s.trigger_expr}",
        "timezone": s.timezone,
        "calendar": s.calendar,
        "timeout_s": s.timeout_s,
        "retries": s.retries,
        "backoff_s": s.backoff_s,
        "overlap": s.overlap,
        "misfire_grace_s": s.misfire_grace_s,
        "sla_s": s.sla_s,
        "max_failures": s.max_failures,
        "enabled": s.enabled,
        "paused_by": s.paused_by,
        "disabled_reason": s.disabled_reason,
        "consecutive_failures": s.consecutive_failures,
        "next_fire_at": s.next_fire_at.isoformat() if s.next_fire_at else None,
        "source": s.source,
    }


def get(session: Session, name: str) -> Schedule:
    """Return the job ``name``; InputError when there is none."""
    job = session.exec(select(Schedule).where(Schedule.name == name)).first()
    if job is None:
        raise InputError(f"no job named {name!r} (see `bursar jobs list`)", code="not_found")
    return job


def spec_of(s: Schedule) -> JobSpec:
    names = {f.name for f in fields(JobSpec)}
    return JobSpec(**{k: getattr(s, k) for k in names})


def _apply(s: Schedule, spec: JobSpec, dates: list[str] | None) -> None:
    for key, value in asdict(spec).items():
        setattr(s, key, value)
    s.calendar_dates = dates
    s.updated_at = utcnow()
    s.next_fire_at = triggers.plan_for(s).next_after(utcnow())
    if s.next_fire_at is None and s.enabled:
        raise InputError(f"{s.trigger_expr!r} has no fire time in the future", code="bad_date")


def add(session: Session, spec: JobSpec, *, actor: str, source: str = "cli") -> Schedule:
    """Add a job (validated first: a bad option adds nothing) and audit it."""
    spec, dates = spec.validated()
    if session.exec(select(Schedule).where(Schedule.name == spec.name)).first():
        raise InputError(f"a job named {spec.name!r} exists; use `bursar jobs edit`")
    job = Schedule(
        name=spec.name,
        kind=spec.kind,
        target=spec.target,
        source=source,
        trigger_kind=spec.trigger_kind,
        trigger_expr=spec.trigger_expr,
    )
    _apply(job, spec, dates)
    session.add(job)
    session.flush()
    audit.append(session, actor, "job.add", f"job/{job.name}", {"after": view(job)})
    return job


def edit(session: Session, name: str, changes: dict[str, Any], *, actor: str) -> Schedule:
    """Change some settings of a job; all validated before anything is written."""
    job = get(session, name)
    before = view(job)
    spec, dates = replace(spec_of(job), **changes).validated()
    if spec.calendar == job.calendar and "calendar" not in changes:
        dates = job.calendar_dates
    _apply(job, spec, dates)
    session.add(job)
    audit.append(session, actor, "job.edit", f"job/{name}", {"before": before, "after": view(job)})
    return job


def pause(session: Session, name: str, *, actor: str, reason: str | None = None) -> Schedule:
    """Stop firing the job until resumed (runs in progress finish)."""
    job = get(session, name)
    before = view(job)
    job.enabled, job.paused_by, job.paused_at = False, actor, utcnow()
    job.disabled_reason = reason
    session.add(job)
    audit.append(session, actor, "job.pause", f"job/{name}", {"before": before, "after": view(job)})
    return job


def resume(session: Session, name: str, *, actor: str) -> Schedule:
    """Fire the job again from now on (times passed while paused are not caught up)."""
    job = get(session, name)
    before = view(job)
    job.enabled, job.paused_by, job.paused_at = True, None, None
    job.disabled_reason, job.consecutive_failures = None, 0
    job.next_fire_at = triggers.plan_for(job).next_after(utcnow())
    session.add(job)
    data = {"before": before, "after": view(job)}
    audit.append(session, actor, "job.resume", f"job/{name}", data)
    return job


def remove(session: Session, name: str, *, actor: str) -> None:
    """Delete the job; its run history stays."""
    job = get(session, name)
    before = view(job)
    session.delete(job)
    audit.append(session, actor, "job.remove", f"job/{name}", {"before": before})


def run_now(session: Session, name: str, *, actor: str) -> JobRun:
    """Queue one run of the job right now (also for a paused job); return it."""
    job = get(session, name)
    now = utcnow()
    run = JobRun(
        job=job.name,
        trigger="manual",
        status="pending",
        fire_time=now,
        due_at=now,
        actor=actor,
        started_at=None,
    )
    session.add(run)
    session.flush()
    audit.append(session, actor, "job.run_now", f"job/{name}", {"run": run.id})
    return run


def history(session: Session, name: str, limit: int = 20) -> list[JobRun]:
    """Return the job's latest runs, newest first."""
    stmt = select(JobRun).where(JobRun.job == name).order_by(col(JobRun.id).desc()).limit(limit)
    return list(session.exec(stmt))


def spec_from_config(entry: dict[str, Any]) -> JobSpec:
    """Return the spec of one ``[[jobs]]`` table of bursar.toml."""
    data = dict(entry)
    name = str(data.pop("name", ""))
    where = f"bursar.toml [[jobs]] {name or '?'}"
    kinds = [k for k in ("bot", "ingest", "models_train", "command", "inbox") if k in data]
    trig = [k for k in ("cron", "every", "at") if k in data]
    if len(kinds) != 1 or len(trig) != 1:
        raise InputError(
            "needs one of bot|ingest|models_train|inbox and one of cron|every|at", where=where
        )
    kind = kinds[0]
    target = data.pop(kind)
    target = "kind" if kind == "models_train" and target is True else str(target)
    tkind = {"cron": "cron", "every": "interval", "at": "date"}[trig[0]]
    dur = triggers.parse_duration
    return JobSpec(
        name=name,
        kind=kind,
        target=target,
        trigger_kind=tkind,
        trigger_expr=str(data[trig[0]]),
        timezone=data.get("timezone", "UTC"),
        calendar=data.get("calendar"),
        timeout_s=dur(data.get("timeout", "15m")),
        retries=int(data.get("retries", 0)),
        backoff_s=dur(data.get("backoff", "30s")),
        overlap=data.get("overlap", "skip"),
        misfire_grace_s=dur(data.get("misfire_grace", "5m")),
        sla_s=dur(data["sla"]) if data.get("sla") else None,
        max_failures=int(data.get("max_failures", 3)),
    )


def sync_config(session: Session, entries: list[dict[str, Any]], *, actor: str) -> list[str]:
    """Make the jobs from bursar.toml match the file; return what changed, one line each."""
    specs = [spec_from_config(e) for e in entries]
    for spec in specs:
        spec.validated()  # every entry checked before any is written
    changed: list[str] = []
    wanted = {s.name for s in specs}
    for spec in specs:
        existing = session.exec(select(Schedule).where(Schedule.name == spec.name)).first()
        if existing is None:
            add(session, spec, actor=actor, source="toml")
            changed.append(f"added {spec.name}")
        elif spec_of(existing) != spec.validated()[0]:
            edit(session, spec.name, asdict(spec), actor=actor)
            changed.append(f"updated {spec.name}")
    stmt = select(Schedule).where(Schedule.source == "toml")
    for gone in [s for s in session.exec(stmt) if s.name not in wanted]:
        remove(session, gone.name, actor=actor)
        changed.append(f"removed {gone.name}")
    return changed
