"""``bursar metrics``: Prometheus figures for processes without the inbox."""

from __future__ import annotations

import typer

from bursar.cli.output import console


def _sources() -> list:
    # The face brings the core's, the bots' and the scheduler's sources together.
    import bots.metrics
    import scheduler.metrics
    from bursar.observe.collectors import CORE_SOURCES

    return [*CORE_SOURCES, ("bots", bots.metrics.source), ("scheduler", scheduler.metrics.source)]


def register(app: typer.Typer) -> None:
    metrics_app = typer.Typer(help="Prometheus metrics: serve or print them.", no_args_is_help=True)
    app.add_typer(metrics_app, name="metrics")

    @metrics_app.command("serve")
    def serve(
        port: int = typer.Option(9464, "--port", "-p", min=1, max=65535, help="TCP port."),
        addr: str = typer.Option("127.0.0.1", "--addr", help="Address to listen on."),
    ):
        """Serve /metrics (database figures + this host's multiprocess files) until stopped."""
        import time

        from bursar.observe import logs
        from bursar.observe.exposition import registry, serve

        logs.configure()
        serve(port, registry(_sources()), addr=addr)
        console.print(f"serving Prometheus metrics on http://{addr}:{port}/metrics")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            return

    @metrics_app.command("show")
    def show():
        """Print the metrics once, in Prometheus's text format."""
        import sys

        from bursar.observe.exposition import registry, render

        sys.stdout.write(render(registry(_sources()))[0].decode())
