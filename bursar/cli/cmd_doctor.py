"""``bursar doctor``: report what is present and what is missing."""

from __future__ import annotations

import typer

from bursar.cli.output import console, emit_json
from bursar.config import get_settings
from bursar.doctor import run_checks

_MARK = {
    "ok": "[green]ok[/green]",
    "warn": "[yellow]warn[/yellow]",
    "missing": "[red]MISSING[/red]",
}


def register(app: typer.Typer) -> None:
    @app.command("doctor")
    def doctor(json_out: bool = typer.Option(False, "--json")):
        """Check Python, Tesseract, Chromium, GPU, database and models; exit 1 if any is missing."""
        checks = run_checks(get_settings())
        if json_out:
            emit_json([c.to_json() for c in checks])
        else:
            for c in checks:
                fix = f"  -> {c.fix}" if c.fix and c.status != "ok" else ""
                console.print(
                    f"{_MARK[c.status]:>24} {c.name:<15} {c.detail}{fix}", highlight=False
                )
        if any(c.status == "missing" for c in checks):
            raise typer.Exit(1)
