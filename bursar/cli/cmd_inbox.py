"""``bursar inbox serve``: the approval inbox web app (uvicorn); decisions from the command
line in ``bursar.cli.inbox_chains``."""

from __future__ import annotations

import typer

from bursar.cli.inbox_chains import register_chains
from bursar.errors import ConfigError


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="The approval inbox web app.", no_args_is_help=True)
    app.add_typer(group, name="inbox")
    register_chains(group)  # issue 26: approve, chain, delegate, escalate

    @group.command("serve")
    def serve(
        host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
        port: int = typer.Option(8080, help="TCP port."),
        secure_cookies: bool = typer.Option(
            False, "--secure-cookies", help="Mark cookies Secure (when served behind HTTPS)."
        ),
        trusted_proxy: str | None = typer.Option(
            None,
            "--trusted-proxy",
            help="Address of a reverse proxy whose X-Forwarded-For is believed, so sign-in "
            "throttling and the audit see each person's own address.",
        ),
    ):
        """Serve the inbox; log in with a user from `bursar users add`."""
        import uvicorn

        from bursar import db
        from bursar.inbox import create_app

        if not db.is_migrated():
            raise ConfigError("the database is not initialised; run `bursar init` first")
        typer.echo(f"Bursar inbox on http://{host}:{port}/ (Ctrl+C to stop)")
        uvicorn.run(
            create_app(secure_cookies=secure_cookies),
            host=host,
            port=port,
            log_level="info",
            proxy_headers=bool(trusted_proxy),
            forwarded_allow_ips=trusted_proxy or "",
        )
