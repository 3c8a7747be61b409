"""``bursar demo``: the whole loop on sample systems (see ``devkit.demo``), then the inbox."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from bursar.cli.output import console, emit_json, err_console, require_devkit, table

DEMO_USERS = (  # name, role, approval limit
    ("ann", "approver", "10000"),
    ("carl", "controller", None),
    ("cleo", "clerk", None),
    ("audrey", "auditor", None),
)


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo(
        home: Path | None = typer.Option(
            None,
            help="BURSAR_HOME for the demo, made fresh on every run "
            "(default: $BURSAR_HOME when set, else var/demo).",
        ),
        count: int = typer.Option(150, help="Clean documents in the month's traffic."),
        seed: int = typer.Option(11, help="Corpus seed (same seed, same documents)."),
        train: bool = typer.Option(True, help="Train small models on first run."),
        serve: bool = typer.Option(True, "--serve/--no-serve", help="Serve the inbox after."),
        port: int = typer.Option(8080, help="Inbox port when serving."),
        cluster: bool = typer.Option(
            False, "--cluster", help="PostgreSQL, a PostgreSQL store and 3 workers."
        ),
        workers: int = typer.Option(3, help="Worker processes with --cluster."),
        json_out: bool = typer.Option(False, "--json"),
    ):
        """Bots fetch a month of invoices from sample legacy systems on a schedule; the
        pipeline decides them; clean ones are posted to the ERP, the rest wait in the inbox."""
        require_devkit("demo")
        from devkit import demo as demo_mod

        _exit_on_sigterm()
        say = (lambda _m: None) if json_out else (lambda m: console.print(m, highlight=False))
        home = demo_home(home, cluster=cluster)
        with Progress(
            SpinnerColumn(),
            TextColumn("[bold]{task.description:<10}"),
            TextColumn("{task.fields[info]}"),
            TimeElapsedColumn(),
            console=err_console,
            disable=json_out,
        ) as bar:
            tasks: dict[str, Any] = {}

            def on_job(name: str, state: str, info: dict[str, Any]) -> None:
                if state == "start":
                    tasks[name] = bar.add_task(name, total=1, info="starting")
                elif state == "tick":
                    bar.update(
                        tasks[name],
                        info=f"{info.get('status')}, {info.get('decided', 0)} documents decided",
                    )
                else:
                    items = ", ".join(f"{k} {v}" for k, v in (info.get("items") or {}).items() if v)
                    bar.update(
                        tasks[name], completed=1, info=f"{info.get('status')} {items}".strip()
                    )

            try:
                if cluster:
                    summary = demo_mod.run_cluster(
                        home,
                        count=count,
                        seed=seed,
                        train=train,
                        say=say,
                        on_job=on_job,
                        workers=workers,
                    )
                else:
                    summary = demo_mod.run(
                        home, count=count, seed=seed, train=train, say=say, on_job=on_job
                    )
            except BaseException:
                demo_mod.stop_all()
                raise
        try:
            if json_out:
                emit_json(summary)
            else:
                _print_summary(summary)
            if serve and not json_out:
                _serve(summary, port)
        finally:
            demo_mod.stop_all()


DEFAULT_HOME = Path("var/demo")
DEMO_MARK = ".bursar-demo"  # in a home the demo made: it may start that home afresh


def demo_home(option: Path | None, *, cluster: bool = False) -> Path:
    """Return the demo's home: ``--home``, else ``BURSAR_HOME`` when set, else var/demo
    (var/demo-cluster with ``cluster``).

    The demo deletes the database, store and audit trail of its home on every run, so a
    ``BURSAR_HOME`` that holds a Bursar home the demo did not make is refused, not wiped.
    """
    import os

    from bursar.errors import InputError

    env = os.environ.get("BURSAR_HOME")
    home = (option or (Path(env) if env else DEFAULT_HOME)).expanduser().resolve()
    if cluster and home == DEFAULT_HOME.resolve():
        home = Path("var/demo-cluster").resolve()
    if option is None and env:
        kept = [n for n in ("bursar.db", "store", "audit") if (home / n).exists()]
        if kept and not (home / DEMO_MARK).exists():
            raise InputError(
                f"BURSAR_HOME={home} holds a Bursar home ({', '.join(kept)}) that no demo made; "
                "the demo starts its home afresh and would delete them: unset BURSAR_HOME or "
                "pass --home for the demo",
                code="home_not_demo",
            )
    home.mkdir(parents=True, exist_ok=True)
    (home / DEMO_MARK).touch()
    return home


def _exit_on_sigterm() -> None:
    """Turn SIGTERM into a normal exit, so the sandboxes (and with --cluster the workers
    and PostgreSQL) are stopped as on Ctrl-C; uvicorn re-raises the signal it caught."""
    import signal
    import sys

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


def _print_summary(summary: dict[str, Any]) -> None:
    rows = []
    for channel, c in summary["channels"].items():
        accounted = c["approved"] + c["exception"] + c["rejected"] + c["duplicate"]
        rows.append(
            (
                channel,
                c["delivered"],
                c["approved"],
                c["exception"],
                c["rejected"],
                c["duplicate"],
                "yes" if accounted == c["delivered"] else f"no ({accounted})",
            )
        )
    table(
        "documents in, by channel",
        ["channel", "in", "approved", "exception", "rejected", "dup.", "all counted"],
        rows,
    )
    if summary["exceptions_by_rule"]:
        table(
            "exceptions by reason (blocking findings)",
            ["rule", "documents"],
            list(summary["exceptions_by_rule"].items()),
        )
    posted = summary["posted"]
    sample = ", ".join(sorted(set(posted.values()))[:5])
    console.print(
        f"posted to the ERP: {len(posted)} of {summary['approved_invoices']} approved invoices"
        + (f" (document numbers {sample}, ...)" if sample else ""),
        highlight=False,
    )
    d = summary["discrepancies"]
    other = len(d.get("caught_for_another_reason") or [])
    console.print(
        f"injected discrepancies caught: {d['caught']} of {d['injected']}"
        + (f" ({other} for another reason than the one injected)" if other else ""),
        highlight=False,
    )
    c = summary.get("claims_837")
    if c:
        console.print(
            f"837 claims batch: {c['claims']} claims "
            + ", ".join(f"{k} {v}" for k, v in sorted(c["status"].items()))
            + "; lines "
            + ", ".join(f"{k} {v}" for k, v in sorted(c["lines"].items()))
            + (f"; 835 written ({c['paid']} USD paid): {c['remit']}" if c.get("remit") else ""),
            highlight=False,
        )
    for task, line in summary.get("models", {}).items():
        console.print(f"model {task}: {line}", highlight=False)
    a = summary["audit"]
    console.print(
        f"{summary['documents']} documents in {summary['seconds']:.0f} s "
        f"({summary['documents_per_minute']} per minute); "
        f"audit trail: {'intact' if a['ok'] else 'BROKEN'}, {a['events']} events",
        highlight=False,
    )


def _serve(summary: dict[str, Any], port: int) -> None:
    """Create the demo sign-ins and serve the inbox until Ctrl-C."""
    import uvicorn

    from bursar.db import session_scope
    from bursar.inbox import create_app
    from bursar.inbox.users import add_user, parse_limit

    lines = []
    with session_scope() as session:
        for name, role, limit in DEMO_USERS:
            password = secrets.token_urlsafe(9)
            add_user(session, name, role, password, limit=parse_limit(limit), actor="demo")
            lines.append(f"  {name:<7} {password}   {role}" + (f", limit {limit}" if limit else ""))
    console.print(
        f"\nThe approval inbox: http://127.0.0.1:{port}/  (Ctrl+C to stop)\n"
        "Demo sign-ins (made for this run only):\n" + "\n".join(lines),
        highlight=False,
        markup=False,
    )
    uvicorn.run(create_app(), host="127.0.0.1", port=port, log_level="warning")
