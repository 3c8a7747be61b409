"""``bursar audit``: verify, export and show the tamper-evident trail."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import typer

from bursar.cli.output import console, emit_json, table


class Format(StrEnum):
    jsonl = "jsonl"
    csv = "csv"


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="The tamper-evident audit trail.", no_args_is_help=True)
    app.add_typer(group, name="audit")

    @group.command("verify")
    def verify(json_out: bool = typer.Option(False, "--json")):
        """Recompute the hash chain; exit 1 naming the first broken seq."""
        from bursar import audit, db

        with db.session_scope(write=False) as session:
            result = audit.verify(session)
        if json_out:
            emit_json(result.to_json())
        elif result.ok:
            console.print(f"audit trail intact: {result.events} events, head {result.head}")
        else:
            typer.echo(
                f"audit trail BROKEN at seq {result.broken_seq}: {result.reason} "
                f"({result.events} events before it are intact)",
                err=True,
            )
        if not result.ok:
            raise typer.Exit(1)

    @group.command("export")
    def export(
        fmt: Format = typer.Option(Format.jsonl, "--format", help="jsonl or csv"),
        since: str | None = typer.Option(None, help="Only events at or after this ISO time."),
        output: Path | None = typer.Option(None, "--output", "-o", help="File (default stdout)."),
    ):
        """Export every event (with its hashes, so the export can be verified elsewhere)."""
        from bursar import audit, db

        if since and len(since) == 10:
            since += "T00:00:00"
        out = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
        try:
            with db.session_scope(write=False) as session:
                for chunk in audit.export(session, fmt.value, since):
                    out.write(chunk)
        finally:
            if output:
                out.close()

    @group.command("show")
    def show(
        subject: str = typer.Argument(..., help="e.g. document/17 or vendor/V001"),
        json_out: bool = typer.Option(False, "--json"),
    ):
        """Show the timeline of one subject."""
        from bursar import audit, db

        with db.session_scope(write=False) as session:
            events = [audit.as_dict(e) for e in audit.events_for(session, subject)]
        if json_out:
            emit_json(events)
            return
        if not events:
            console.print(f"no audit events for {subject}")
            return
        table(
            f"audit: {subject}",
            ["seq", "at", "actor", "action", "data"],
            [(e["seq"], e["at"], e["actor"], e["action"], _brief(e["data"])) for e in events],
        )


def _brief(data: dict, limit: int = 90) -> str:
    text = ", ".join(f"{k}={v}" for k, v in sorted(data.items()))
    return text if len(text) <= limit else text[: limit - 1] + "…"
