"""``bursar ingest FILE|DIR...``: run documents through the whole pipeline."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from bursar.cli.output import console, emit_json, err_console, error_line, table
from bursar.errors import InputError


def register(app: typer.Typer) -> None:
    @app.command("ingest")
    def ingest(
        inputs: list[Path] = typer.Argument(..., help="Files or folders of documents."),
        json_out: bool = typer.Option(False, "--json", help="Decision JSON (contract 4.3)."),
        workers: int | None = typer.Option(None, help="Extraction processes (default: cores)."),
        actor: str = typer.Option("cli", help="Recorded in the audit trail."),
        source: str = typer.Option("cli", help="Where the documents came from."),
        wait: bool = typer.Option(
            True,
            "--wait/--no-wait",
            help="PostgreSQL: wait until workers decided every document (default), "
            "or return once each is stored with its job queued.",
        ),
    ):
        """Store, extract, match and decide; exceptions go to the approval inbox.

        Re-running after a crash resumes every document not yet decided.
        """
        from bursar.ingest import collect_files, ingest_paths

        files = collect_files(inputs)
        if not files:
            raise InputError("no documents found in " + ", ".join(map(str, inputs)))
        with Progress(
            TextColumn("[bold]ingest"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err_console,
            transient=True,
            disable=len(files) < 2,
        ) as bar:
            task = bar.add_task("ingest", total=len(files))
            results = ingest_paths(
                files,
                actor=actor,
                source=source,
                workers=workers,
                on_done=lambda _r: bar.advance(task),
                wait=wait,
            )
        _report(results, json_out)
        if any(r.error and r.system for r in results):  # a full or read-only store or database
            raise typer.Exit(1)
        if any(r.error for r in results):  # bad input
            raise typer.Exit(2)


def _report(results: list, json_out: bool) -> None:
    for r in results:
        if r.error:
            error_line(r.file, r.error["message"], code=r.error["code"])
    if json_out:
        payload = [r.to_json() for r in results]
        emit_json(payload[0] if len(payload) == 1 else payload)
        return
    table(
        "ingest",
        ["file", "kind", "status", "findings", "inbox"],
        [
            (
                r.file,
                r.kind,
                r.status + (" (resumed)" if r.resumed else ""),
                ", ".join(sorted({f["rule"] for f in r.findings}))
                or ("" if not r.error else r.error["code"]),
                r.inbox_item or "",
            )
            for r in results
        ],
    )
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    console.print(", ".join(f"{n} {s}" for s, n in sorted(counts.items())))
