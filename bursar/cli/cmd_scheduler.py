"""``bursar scheduler start|status``: the one scheduler process of a database."""

from __future__ import annotations

import typer

from bursar.cli.output import console, emit_json

scheduler_app = typer.Typer(
    help="The job scheduler (one active per database).", no_args_is_help=True
)


@scheduler_app.command("start")
def start(
    wait: bool = typer.Option(
        True, "--wait/--no-wait", help="When another scheduler holds the lease: wait, or exit 3."
    ),
    tick: float = typer.Option(0.5, "--tick", min=0.05, help="Seconds between looks at the DB."),
    shutdown_grace: str = typer.Option(
        "30s", "--shutdown-grace", help="On SIGTERM, how long running jobs may finish."
    ),
) -> None:
    """Run the scheduler in the foreground until SIGTERM/SIGINT."""
    from bursar.config import get_settings
    from bursar.db import is_migrated, session_scope
    from bursar.errors import ConfigError
    from scheduler import jobs
    from scheduler.service import Scheduler
    from scheduler.triggers import parse_duration

    settings = get_settings()
    if not is_migrated():
        raise ConfigError("the database is not initialised or not up to date: run `bursar init`")
    grace = parse_duration(shutdown_grace, what="--shutdown-grace")
    if settings.jobs:
        with session_scope() as session:
            changed = jobs.sync_config(session, settings.jobs, actor="bursar.toml")
        for line in changed:
            console.print(f"bursar.toml: {line}", markup=False)
    service = Scheduler(
        stale_s=settings.scheduler_lease_stale_s,
        tick_s=tick,
        shutdown_grace_s=grace,
        say=lambda s: console.print(s, markup=False),
    )
    service.install_signals()
    code = service.run(wait=wait)
    raise typer.Exit(code)


@scheduler_app.command("status")
def status(as_json: bool = typer.Option(False, "--json")) -> None:
    """Say which scheduler holds the lease and when it last beat."""
    from bursar.config import get_settings
    from scheduler.lease import Lease, describe

    row = Lease(stale_s=get_settings().scheduler_lease_stale_s).current()
    if as_json:
        emit_json(None if row is None else row.model_dump())
        return
    console.print(describe(row), markup=False)


def register(app: typer.Typer) -> None:
    app.add_typer(scheduler_app, name="scheduler")
