"""``bursar jobs ...``: scheduled jobs (add, list, show, pause, resume, run-now, history).

Every command changes the database only; a running ``bursar scheduler start`` picks the
change up within a tick. Every change is an audit event naming who made it.
"""

from __future__ import annotations

import getpass
from typing import Any

import typer

from bursar.cli.output import console, emit_json, table
from bursar.errors import InputError

jobs_app = typer.Typer(
    help="Scheduled jobs: bots and pipeline runs on cron triggers.", no_args_is_help=True
)


def _me() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "cli"


ACTOR = typer.Option(None, "--actor", help="Recorded in the audit trail (default: OS user).")
JSON = typer.Option(False, "--json", help="Machine-readable output.")


def _what(
    bot: str | None, ingest: str | None, models_train: bool, model: str, command: str | None
) -> tuple[str, str] | None:
    chosen = [(k, v) for k, v in (("bot", bot), ("ingest", ingest), ("command", command)) if v]
    if models_train:
        chosen.append(("models_train", model))
    if len(chosen) > 1:
        raise InputError("give only one of --bot, --ingest, --models-train")
    return chosen[0] if chosen else None


def _when(cron: str | None, every: str | None, at: str | None) -> tuple[str, str] | None:
    chosen = [(k, v) for k, v in (("cron", cron), ("interval", every), ("date", at)) if v]
    if len(chosen) > 1:
        raise InputError("give only one of --cron, --every, --at")
    return chosen[0] if chosen else None


def _options(**given: Any) -> dict[str, Any]:
    """Return the JobSpec fields set on the command line (durations parsed)."""
    from scheduler.triggers import parse_duration

    out: dict[str, Any] = {}
    for key, field in (
        ("timeout", "timeout_s"),
        ("backoff", "backoff_s"),
        ("misfire_grace", "misfire_grace_s"),
        ("sla", "sla_s"),
    ):
        if given.get(key) is not None:
            out[field] = parse_duration(given[key], what="--" + key.replace("_", "-"))
    for key in ("timezone", "calendar", "retries", "overlap", "max_failures"):
        if given.get(key) is not None:
            out[key] = given[key]
    return out


def _show_run(r: Any, tz: str) -> list[Any]:
    from scheduler.triggers import local_text

    return [
        r.id,
        local_text(r.fire_time, tz),
        r.trigger,
        r.attempt,
        r.status,
        f"{r.duration_s:.1f}s" if r.duration_s is not None else "",
        r.items or "",
        r.error_type or "",
        (r.error or "")[:60],
    ]


def run_json(r: Any) -> dict[str, Any]:
    keys = (
        "id",
        "job",
        "trigger",
        "status",
        "attempt",
        "fire_time",
        "started_at",
        "finished_at",
        "duration_s",
        "items",
        "error_type",
        "error",
        "actor",
        "host",
    )
    out = {k: getattr(r, k) for k in keys}
    out["log_tail"] = r.log_tail
    return out


@jobs_app.command("add")
def add(
    name: str = typer.Argument(..., help="A short unique name, e.g. nightly-portal."),
    bot: str | None = typer.Option(None, "--bot", help="Run this bot."),
    ingest: str | None = typer.Option(None, "--ingest", help="Ingest this folder."),
    models_train: bool = typer.Option(False, "--models-train", help="Train a model."),
    model: str = typer.Option("kind", "--model", help="With --models-train: kind|fields|glcode"),
    command: str | None = typer.Option(None, "--command", hidden=True),
    cron: str | None = typer.Option(None, "--cron", help='Crontab, e.g. "0 7 * * MON-FRI".'),
    every: str | None = typer.Option(None, "--every", help="Interval, e.g. 30m."),
    at: str | None = typer.Option(None, "--at", help="Once, at an ISO time."),
    timezone: str = typer.Option("UTC", "--timezone", help="IANA zone, e.g. Europe/Berlin."),
    calendar: str | None = typer.Option(None, "--calendar", help="de-NW or holidays.csv"),
    timeout: str = typer.Option("15m", "--timeout"),
    retries: int = typer.Option(0, "--retries", help="Retries of application errors."),
    backoff: str = typer.Option("30s", "--backoff", help="First retry delay (doubles)."),
    overlap: str = typer.Option("skip", "--overlap", help="skip | queue | replace"),
    misfire_grace: str = typer.Option("5m", "--misfire-grace"),
    sla: str | None = typer.Option(None, "--sla", help="Alert when a run takes longer."),
    max_failures: int = typer.Option(3, "--max-failures", help="Disable after N failures."),
    actor: str | None = ACTOR,
    as_json: bool = JSON,
) -> None:
    """Add a scheduled job (everything checked first: nothing is half-added)."""
    from bursar.db import session_scope
    from scheduler import jobs

    what = _what(bot, ingest, models_train, model, command)
    when = _when(cron, every, at)
    if what is None or when is None:
        raise InputError(
            "needs one of --bot/--ingest/--models-train and one of --cron/--every/--at"
        )
    opts = _options(
        timeout=timeout,
        backoff=backoff,
        misfire_grace=misfire_grace,
        sla=sla,
        timezone=timezone,
        calendar=calendar,
        retries=retries,
        overlap=overlap,
        max_failures=max_failures,
    )
    spec = jobs.JobSpec(
        name=name, kind=what[0], target=what[1], trigger_kind=when[0], trigger_expr=when[1], **opts
    )
    with session_scope() as session:
        job = jobs.add(session, spec, actor=actor or _me())
        data = jobs.view(job)
    if as_json:
        emit_json(data)
    else:
        from scheduler.triggers import local_text

        console.print(f"added {name}: next run {local_text(job.next_fire_at, job.timezone)}")


@jobs_app.command("edit")
def edit(
    name: str = typer.Argument(...),
    cron: str | None = typer.Option(None, "--cron"),
    every: str | None = typer.Option(None, "--every"),
    at: str | None = typer.Option(None, "--at"),
    timezone: str | None = typer.Option(None, "--timezone"),
    calendar: str | None = typer.Option(None, "--calendar", help='"" removes the calendar'),
    timeout: str | None = typer.Option(None, "--timeout"),
    retries: int | None = typer.Option(None, "--retries"),
    backoff: str | None = typer.Option(None, "--backoff"),
    overlap: str | None = typer.Option(None, "--overlap"),
    misfire_grace: str | None = typer.Option(None, "--misfire-grace"),
    sla: str | None = typer.Option(None, "--sla"),
    max_failures: int | None = typer.Option(None, "--max-failures"),
    actor: str | None = ACTOR,
) -> None:
    """Change a job's trigger or policies."""
    from bursar.db import session_scope
    from scheduler import jobs

    changes = _options(
        timeout=timeout,
        backoff=backoff,
        misfire_grace=misfire_grace,
        sla=sla,
        timezone=timezone,
        calendar=calendar,
        retries=retries,
        overlap=overlap,
        max_failures=max_failures,
    )
    when = _when(cron, every, at)
    if when:
        changes.update(trigger_kind=when[0], trigger_expr=when[1])
    if calendar == "":
        changes["calendar"] = None
    if not changes:
        raise InputError("nothing to change: give at least one option")
    with session_scope() as session:
        jobs.edit(session, name, changes, actor=actor or _me())
    console.print(f"changed {name}")


def _simple(verb: str, name: str, actor: str | None) -> None:
    from bursar.db import session_scope
    from scheduler import jobs

    with session_scope() as session:
        if verb == "run-now":
            run = jobs.run_now(session, name, actor=actor or _me())
            console.print(f"{name}: run {run.id} queued; the scheduler starts it within seconds")
            return
        fn = {"pause": jobs.pause, "resume": jobs.resume, "remove": jobs.remove}[verb]
        fn(session, name, actor=actor or _me())
    console.print(f"{name}: {verb}d" if verb != "resume" else f"{name}: resumed")


@jobs_app.command("pause")
def pause(name: str, actor: str | None = ACTOR) -> None:
    """Stop firing the job until resumed."""
    _simple("pause", name, actor)


@jobs_app.command("resume")
def resume(name: str, actor: str | None = ACTOR) -> None:
    """Fire the job again (also re-enables a job disabled after failures)."""
    _simple("resume", name, actor)


@jobs_app.command("remove")
def remove(name: str, actor: str | None = ACTOR) -> None:
    """Delete the job (its history stays)."""
    _simple("remove", name, actor)


@jobs_app.command("run-now")
def run_now(name: str, actor: str | None = ACTOR) -> None:
    """Run the job once, now."""
    _simple("run-now", name, actor)


@jobs_app.command("list")
def list_(as_json: bool = JSON) -> None:
    """List jobs with their next run (in the job's time zone) and last result."""
    from scheduler.views import job_rows

    rows = job_rows()
    if as_json:
        emit_json(rows)
        return
    table(
        "jobs",
        ["name", "what", "trigger", "next run", "last", "state"],
        [
            (
                r["name"],
                r["what"],
                r["trigger"],
                r["next_run_local"],
                r["last_status"] or "",
                r["state"],
            )
            for r in rows
        ],
    )


@jobs_app.command("show")
def show(name: str, as_json: bool = JSON) -> None:
    """Show one job, its next fire times and its latest runs."""
    from scheduler.views import job_detail

    detail = job_detail(name)
    if as_json:
        emit_json(detail)
        return
    for key, value in detail["job"].items():
        console.print(f"{key:>22}: {value}", markup=False, highlight=False)
    console.print(f"{'next runs':>22}: " + ", ".join(detail["next_runs_local"]), markup=False)


@jobs_app.command("history")
def history(
    name: str,
    limit: int = typer.Option(20, "--limit", min=1),
    log: bool = typer.Option(False, "--log", help="Print each run's log tail."),
    as_json: bool = JSON,
) -> None:
    """The job's latest runs: result, duration, items, errors (and log tails)."""
    from bursar.db import session_scope
    from scheduler import jobs

    with session_scope(write=False) as session:
        job = jobs.get(session, name)
        runs = jobs.history(session, name, limit)
    if as_json:
        emit_json([run_json(r) for r in runs])
        return
    table(
        f"history of {name}",
        ["run", "fire time", "trigger", "try", "status", "took", "items", "error type", "error"],
        [_show_run(r, job.timezone) for r in runs],
    )
    if log:
        for r in runs:
            console.print(f"--- run {r.id} ---\n{r.log_tail or ''}", markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(jobs_app, name="jobs")
