"""``bursar status``: documents by stage, the queues, the workers, recent failures."""

from __future__ import annotations

import typer

from bursar.cli.output import console, emit_json, table


def register(app: typer.Typer) -> None:
    @app.command("status")
    def status(json_out: bool = typer.Option(False, "--json", help="Machine output.")):
        """Show where every document is, how deep each queue is and which workers live."""
        from bursar.status import collect

        report = collect()
        if json_out:
            emit_json(report)
            return
        table("documents by stage", ["stage", "documents"], sorted(report["stages"].items()))
        if report["stranded"]:
            n = report["stranded"]
            console.print(f"[bold red]{n} stranded[/] (run `bursar recover`)", highlight=False)
        if report["engine"] is None:
            console.print("queue: none (SQLite: `bursar ingest` decides in-process)")
            return
        engine = report["engine"]
        table(
            "queues",
            ["queue", "todo", "doing", "failed (24 h)"],
            [
                (q, c.get("todo", 0), c.get("doing", 0), engine["failed_24h"].get(q, 0))
                for q, c in sorted(engine["queues"].items())
            ],
        )
        table(
            "workers alive",
            ["worker", "last heartbeat"],
            [(w["id"], w["last_heartbeat"]) for w in engine["workers"]],
        )
