"""``bursar secrets set|list|remove``: the encrypted vault for passwords (never printed)."""

from __future__ import annotations

import sys

import typer

from bursar.cli.output import console, emit_json, table

secrets_app = typer.Typer(help="Passwords for ERPs, portals and mailboxes.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(secrets_app, name="secrets")


@secrets_app.command("set")
def set_(
    name: str = typer.Argument(..., help="Secret name, e.g. erp_password."),
    stdin: bool = typer.Option(False, "--stdin", help="Read the value from standard input."),
) -> None:
    """Store a secret in the encrypted vault (prompted, never echoed)."""
    from bursar import secrets
    from bursar.errors import InputError

    secrets.env_var(name)  # a bad name is refused before anything is typed
    if stdin:
        value = sys.stdin.readline().rstrip("\r\n")
    else:
        value = typer.prompt(f"value for {name}", hide_input=True, confirmation_prompt=True)
    if not value:
        raise InputError("no value given; nothing stored", where="secrets")
    secrets.set_secret(name, value)
    console.print(f"secret {name.lower()} stored in {secrets.vault_path()}", highlight=False)


@secrets_app.command("list")
def list_(json_out: bool = typer.Option(False, "--json")) -> None:
    """List secret names and where each comes from (values are never shown)."""
    from bursar import secrets

    rows = secrets.names()
    if json_out:
        emit_json([{"name": n, "from": w} for n, w in rows])
    else:
        table("secrets", ["name", "from"], rows)


@secrets_app.command("remove")
def remove(name: str = typer.Argument(...)) -> None:
    """Remove a secret from the vault."""
    from bursar import secrets
    from bursar.errors import InputError

    if not secrets.remove(name):
        raise InputError(f"no secret {name.lower()} in the vault", where="secrets")
    console.print(f"secret {name.lower()} removed")
