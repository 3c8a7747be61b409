"""``bursar extract FILE...``: pure extraction to contract 4.1 JSON (no database)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from bursar.cli.output import console, emit_json, err_console, error_line, table


def _print_result(res: dict[str, Any]) -> None:
    title = (
        f"{res['file']} — {res['kind']} ({res['kind_confidence']:.2f}), "
        f"{res['pages']} page(s), {res['text_source']}"
    )
    rows = [
        (name, f.get("value"), f"{f.get('confidence', 0):.2f}", f.get("page"), f.get("source"))
        for name, f in res["fields"].items()
    ]
    table(title, ["field", "value", "conf", "page", "source"], rows)
    if res["lines"]:
        cols = [
            c
            for c in (
                "po_line",
                "service_date",
                "sku",
                "code",
                "description",
                "quantity",
                "unit",
                "unit_price",
                "tax_rate",
                "amount",
            )
            if any(ln.get(c) for ln in res["lines"])
        ]
        table(
            "lines",
            [*cols, "conf"],
            [[ln.get(c) for c in cols] + [f"{ln.get('confidence', 0):.2f}"] for ln in res["lines"]],
        )
    for w in res["warnings"]:
        console.print(f"[yellow]warning:[/yellow] {w}")


def register(app: typer.Typer) -> None:
    @app.command("extract")
    def extract(
        files: list[Path] = typer.Argument(
            ..., help="PDF, PNG/JPEG/TIFF, e-invoice XML or X12 837 files."
        ),
        json_out: bool = typer.Option(False, "--json", help="Contract JSON on stdout."),
        workers: int | None = typer.Option(
            None, "--workers", min=1, help="Processes (default: number of cores)."
        ),
        languages: str | None = typer.Option(
            None, "--languages", help="Tesseract languages, e.g. eng+deu+fra."
        ),
        dpi: int = typer.Option(300, "--dpi", min=72, max=600, help="OCR render resolution."),
    ) -> None:
        """Extract fields and line items from documents (pure: nothing is stored)."""
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        from bursar.ingest.context import extraction_context
        from extractors.batch import extract_many

        with Progress(
            TextColumn("[bold]extract"),
            BarColumn(),
            MofNCompleteColumn(),
            console=err_console,
            transient=True,
            disable=len(files) < 2 or not err_console.is_terminal,
        ) as bar:
            task = bar.add_task("extract", total=len(files))
            results = extract_many(
                files,
                workers=workers,
                languages=languages,
                dpi=dpi,
                on_done=lambda: bar.advance(task),
                ctx=extraction_context(),  # the company, known vendors, learned layouts
                parts=True,  # an X12 837 holds many claims: one object each, with its part
            )
        failed = []
        for path, group in zip(files, results, strict=True):
            for r in group:
                if "error" in r:
                    failed.append(r)
                    error_line(str(path), r["error"]["message"], code=r["error"]["code"])
        results = [r for group in results for r in group]
        if json_out:
            emit_json(results[0] if len(results) == 1 else results)
        else:
            for r in results:
                if "error" not in r:
                    _print_result(r)
        if failed:
            raise typer.Exit(2)
