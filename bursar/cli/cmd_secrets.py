"""``bursar secrets set|list|remove|rotate|status``: the encrypted vault for passwords (never
printed) and its key."""

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


@secrets_app.command("rotate")
def rotate(json_out: bool = typer.Option(False, "--json")) -> None:
    """Make a new vault key, re-seal every secret under it, then drop the old key.

    After a crash, run it again: it finishes the rotation that was under way."""
    from bursar.inbox.keyrotation import rotate as run_rotation

    done = run_rotation(actor="cli")
    if json_out:
        emit_json(done.to_json())
        return
    what = "finished the rotation under way" if done.resumed else "rotated"
    console.print(
        f"{what}: key {done.to} now seals everything (old: {', '.join(done.old) or 'none'}); "
        f"re-sealed {done.vault_entries} vault entries, {done.totp_seeds} TOTP seeds, "
        f"{done.passkeys} passkeys. Keep a copy of the old key file with backups from before.",
        highlight=False,
    )


@secrets_app.command("status")
def status(json_out: bool = typer.Option(False, "--json")) -> None:
    """Show the key ids (never keys) and whether a rotation is unfinished."""
    from bursar.inbox.keyrotation import status as key_status

    info = key_status()
    if json_out:
        emit_json(info)
        return
    table(
        "secrets keys",
        ["current", "keys", "unfinished rotation", "left behind"],
        [(info["current"] or "-", ", ".join(info["keys"]), str(info["unfinished_rotation"]),
          ", ".join(f"{k}: {v}" for k, v in info["left_behind"].items()) or "-")],
    )  # fmt: skip
