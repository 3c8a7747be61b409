"""``bursar sandbox up|down|status``: practice systems (legacy ERP, vendor portal, ...)."""

from __future__ import annotations

import typer

from bursar.cli.output import console, emit_json, require_devkit, table

sandbox_app = typer.Typer(
    help="Sandbox legacy systems on loopback ports, for the bots to practise on.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(sandbox_app, name="sandbox")


def _names(only: str | None) -> list[str] | None:
    return [n.strip() for n in only.split(",") if n.strip()] if only else None


@sandbox_app.command("up")
def up(
    only: str | None = typer.Option(None, "--only", help="Comma-separated systems (default all)."),
    count: int = typer.Option(12, "--count", help="Synthetic invoices to seed them with."),
    seed: int = typer.Option(7, "--seed"),
    json_out: bool = typer.Option(False, "--json"),
) -> None:
    """Start the sandbox systems; their passwords go into the secrets vault."""
    require_devkit("sandbox")
    from devkit.sandbox import manage

    manage.up(_names(only), count=count, seed=seed)
    _show(manage.status(), json_out)


@sandbox_app.command("down")
def down(
    only: str | None = typer.Option(None, "--only", help="Comma-separated systems (default all)."),
) -> None:
    """Stop the sandbox systems."""
    require_devkit("sandbox")
    from devkit.sandbox import manage

    stopped = manage.down(_names(only))
    console.print("stopped: " + (", ".join(stopped) or "nothing was running"))


@sandbox_app.command("status")
def status(json_out: bool = typer.Option(False, "--json")) -> None:
    """Show which sandbox systems run, where, and which secret holds each password."""
    require_devkit("sandbox")
    from devkit.sandbox import manage

    _show(manage.status(), json_out)


def _show(rows: list[dict], json_out: bool) -> None:
    if json_out:
        emit_json(rows)
        return
    table(
        "sandbox",
        ["system", "running", "url", "user", "password (secret name)"],
        [
            [
                r["system"],
                "yes" if r["running"] else "no",
                r["url"],
                r["user"],
                r["password_secret"],
            ]
            for r in rows
        ],
    )


@sandbox_app.command("demo")
def demo(
    count: int = typer.Option(12, "--count", help="Synthetic invoices to seed the systems with."),
    keep: bool = typer.Option(False, "--keep", help="Leave the sandboxes running afterwards."),
    json_out: bool = typer.Option(False, "--json"),
) -> None:
    """Start the sandboxes and run erp_sync, portal_download, mailbox_ingest and erp_post."""
    require_devkit("sandbox")
    from devkit import bots_demo

    say = (lambda _m: None) if json_out else (lambda m: console.print(m, highlight=False))
    out = bots_demo.run(say, count=count, stop=not keep)
    if json_out:
        emit_json(out)
    if any(r["status"] != "succeeded" for r in out.values()):
        raise typer.Exit(1)
