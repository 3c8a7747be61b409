"""``bursar demo``: the main job end to end on sample documents (see ``bursar.demo``)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from bursar.cli.output import console, emit_json, err_console, table


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo(
        home: Path = typer.Option(Path("var/demo"), help="BURSAR_HOME for the demo."),
        count: int = typer.Option(24, help="Invoices in the sample corpus."),
        seed: int = typer.Option(11, help="Corpus seed (same seed, same documents)."),
        train: bool = typer.Option(True, help="Train small models on first run."),
        json_out: bool = typer.Option(False, "--json"),
    ):
        """Generate sample documents, import master data, ingest them all, show the result."""
        from bursar import demo as demo_mod

        say = (lambda _m: None) if json_out else (lambda m: console.print(m, highlight=False))
        with Progress(
            TextColumn("[bold]ingest"),
            BarColumn(),
            MofNCompleteColumn(),
            console=err_console,
            transient=True,
        ) as bar:
            task = bar.add_task("ingest", total=None)

            def advance(_result: object) -> None:
                bar.advance(task)

            summary = demo_mod.run(
                home.resolve(), count=count, seed=seed, train=train, say=say, on_done=advance
            )
        if json_out:
            emit_json(summary)
            return
        table("what happened", ["status", "documents"], sorted(summary["status"].items()))
        if summary["exceptions_by_rule"]:
            table(
                "exceptions by reason",
                ["rule", "documents"],
                sorted(summary["exceptions_by_rule"].items(), key=lambda kv: -kv[1]),
            )
        for task, line in summary["models"].items():
            console.print(f"model {task}: {line}", highlight=False)
        a = summary["audit"]
        console.print(f"audit trail: {'intact' if a['ok'] else 'BROKEN'}, {a['events']} events")
        exe = _exe()
        console.print(
            "\nNext, look at the approval inbox:\n"
            f"  export BURSAR_HOME={summary['home']}\n"
            f"  {exe} users add ann --role approver --limit 10000\n"
            f"  {exe} inbox serve        # then open http://127.0.0.1:8080",
            highlight=False,
            markup=False,
        )


def _exe() -> str:
    """Return how the user can call bursar again (the venv's script when not on PATH)."""
    import shutil
    import sys

    script = Path(sys.argv[0])
    if script.name == "bursar" and shutil.which("bursar") != str(script.resolve()):
        return str(script)
    return "bursar"
