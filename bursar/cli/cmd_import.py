"""``bursar import KIND FILE.csv``: master data per the CSV contract (ARCHITECTURE.md 4.2)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn

from bursar.cli.output import console, emit_json, err_console, error_line

Kind = StrEnum(
    "Kind", {k: k for k in ("vendors", "purchase_orders", "receipts", "policies", "fee_schedule")}
)


def register(app: typer.Typer) -> None:
    @app.command("import")
    def import_(
        kind: Kind = typer.Argument(..., help="What the CSV holds."),
        file: Path = typer.Argument(..., help="CSV file with the contract's header row."),
        actor: str = typer.Option("cli", help="Who is importing (recorded in the audit trail)."),
        json_out: bool = typer.Option(False, "--json"),
    ):
        """Import master data; bad rows are reported with file:line, good rows imported."""
        from bursar import db
        from bursar.masterdata import import_csv

        with (
            Progress(
                TextColumn(f"[bold]import {kind.value}"),
                BarColumn(),
                DownloadColumn(),
                TimeElapsedColumn(),
                console=err_console,
                transient=True,
                disable=not err_console.is_terminal,
            ) as bar,
            db.session_scope() as session,
        ):
            task = bar.add_task("import", total=file.stat().st_size if file.is_file() else None)
            report = import_csv(
                session,
                kind.value,
                file,
                actor=actor,
                progress=lambda done: bar.update(task, completed=done),
            )
        if json_out:
            emit_json(report.to_json())
        else:
            for line in report.errors:
                error_line(None, line, code="bad_row")
            console.print(
                f"{kind.value}: {report.inserted} inserted, {report.updated} updated, "
                f"{report.unchanged} unchanged, {len(report.errors)} rejected row(s)."
            )
        if report.errors:
            raise typer.Exit(2)
