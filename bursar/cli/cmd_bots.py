"""``bursar bots list|run|runs|items|retry|done``: the RPA bots and their work items.

``bots run`` exit codes (INTERFACES.md): 0 succeeded (items may have failed as business
errors: those are routed, not errors), 1 application error (retryable), 3 business error
of the run itself (e.g. wrong credentials: never retry), 2 bad input. With ``--json`` the
last line of stdout is one JSON object.
"""

from __future__ import annotations

import json

import typer

from bursar.cli.output import console, emit_json, table

bots_app = typer.Typer(
    help="RPA bots: run them, see their runs and work items.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(bots_app, name="bots")


@bots_app.command("list")
def list_(json_out: bool = typer.Option(False, "--json")) -> None:
    """List the bots, their target systems and steps."""
    from bots import registry

    rows = [registry.get(n).describe() for n in registry.names()]
    if json_out:
        emit_json(rows)
        return
    table(
        "bots",
        ["name", "target", "steps", "produces", "consumes"],
        [
            [r["name"], r["target"], " > ".join(r["steps"]), r["produces"], r["consumes"]]
            for r in rows
        ],
    )


@bots_app.command("run")
def run(
    name: str = typer.Argument(..., help="Bot name (see `bursar bots list`)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Sign in and look; change nothing."),
    json_out: bool = typer.Option(False, "--json", help="Last line: the run as JSON."),
    actor: str = typer.Option("cli", help="Who runs it (recorded in the audit trail)."),
    time_limit: float | None = typer.Option(None, "--time-limit", help="Seconds; default per bot."),
) -> None:
    """Run one bot once."""
    import bots

    result = bots.run(name, dry_run=dry_run, actor=actor, time_limit_s=time_limit)
    if json_out:
        print(json.dumps(result.to_json(), separators=(",", ":")), flush=True)
    else:
        items = result.to_json()["items"]
        line = ", ".join(f"{k} {v}" for k, v in items.items())
        console.print(f"{name} run {result.run_id}: {result.status} ({line})", highlight=False)
        if result.message:
            kind = result.error_type or "error"
            console.print(f"{kind} error: {result.message}", markup=False, highlight=False)
    raise typer.Exit(result.exit_code)


@bots_app.command("runs")
def runs(
    bot: str | None = typer.Option(None, "--bot"),
    limit: int = typer.Option(20, "--limit"),
    json_out: bool = typer.Option(False, "--json"),
) -> None:
    """List recent bot runs, newest first."""
    from sqlmodel import col, select

    from bots.records import BotRun
    from bursar.db import session_scope

    with session_scope(write=False) as s:
        stmt = select(BotRun).order_by(col(BotRun.id).desc()).limit(limit)
        if bot:
            stmt = stmt.where(BotRun.bot == bot)
        rows = [r.model_dump() for r in s.exec(stmt).all()]
    if json_out:
        emit_json(rows)
        return
    table(
        "bot runs",
        ["id", "bot", "status", "error", "items", "started", "message"],
        [
            [
                r["id"],
                r["bot"] + (" (dry run)" if r["dry_run"] else ""),
                r["status"],
                r["error_type"],
                " ".join(f"{k}={v}" for k, v in (r["counts"] or {}).items()),
                r["started_at"] and r["started_at"].strftime("%Y-%m-%d %H:%M:%S"),
                r["message"],
            ]
            for r in rows
        ],
    )


@bots_app.command("items")
def items(
    status: str | None = typer.Option(
        None, "--status", help="new|in_progress|successful|failed|abandoned|retried"
    ),
    bot: str | None = typer.Option(None, "--bot"),
    limit: int = typer.Option(100, "--limit"),
    json_out: bool = typer.Option(False, "--json"),
) -> None:
    """List work items, newest first."""
    from sqlmodel import col, select

    from bots.records import STATUSES, WorkItem
    from bots.runner import item_from_row
    from bursar.db import session_scope
    from bursar.errors import InputError

    if status is not None and status not in STATUSES:
        raise InputError(f"--status must be one of {', '.join(STATUSES)}", where="bots items")
    with session_scope(write=False) as s:
        stmt = select(WorkItem).order_by(col(WorkItem.id).desc()).limit(limit)
        if status:
            stmt = stmt.where(WorkItem.status == status)
        if bot:
            stmt = stmt.where(WorkItem.bot == bot)
        rows = [item_from_row(r) for r in s.exec(stmt).all()]
    if json_out:
        emit_json(rows)
        return
    table(
        "work items",
        ["id", "bot", "reference", "status", "attempts", "error", "erp doc", "documents"],
        [
            [
                r["id"],
                r["bot"],
                r["reference"],
                r["status"],
                r["attempts"],
                r["last_error"] and f"{r['error_type']}: {r['last_error']}",
                r["erp_document"],
                ",".join(map(str, r["document_ids"])),
            ]
            for r in rows
        ],
    )


def _change(item_id: int, what: str, actor: str, note: str | None, json_out: bool) -> None:
    from bots import workitems
    from bots.runner import item_from_row
    from bursar.db import session_scope

    with session_scope() as s:
        if what == "retry":
            row = workitems.retry(s, item_id, actor=actor)
        else:
            row = workitems.mark_done(s, item_id, actor=actor, note=note)
        out = item_from_row(row)
    if json_out:
        emit_json(out)
    else:
        console.print(f"work item {item_id}: {out['status']}")


@bots_app.command("retry")
def retry(
    item: int = typer.Argument(..., help="Work item id."),
    actor: str = typer.Option("cli", help="Who asks (recorded in the audit trail)."),
    json_out: bool = typer.Option(False, "--json"),
) -> None:
    """Put a failed or abandoned work item back for the next run."""
    _change(item, "retry", actor, None, json_out)


@bots_app.command("done")
def done(
    item: int = typer.Argument(..., help="Work item id."),
    note: str | None = typer.Option(None, "--note", help="What was done by hand."),
    actor: str = typer.Option("cli", help="Who closes it (recorded in the audit trail)."),
    json_out: bool = typer.Option(False, "--json"),
) -> None:
    """Close a failed or abandoned work item as handled by hand."""
    _change(item, "done", actor, note, json_out)
