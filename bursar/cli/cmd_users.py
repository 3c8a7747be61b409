"""``bursar users``: people who may sign in to the approval inbox."""

from __future__ import annotations

import sys
from enum import StrEnum

import typer

from bursar.cli.output import console, emit_json, table
from bursar.errors import InputError
from bursar.roles import ROLES

Role = StrEnum("Role", {r: r for r in ROLES})


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise InputError("no terminal to ask for a password; use --password-stdin")
    return typer.prompt("Password", hide_input=True, confirmation_prompt=True)


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Inbox users, roles and approval limits.", no_args_is_help=True)
    app.add_typer(group, name="users")

    @group.command("add")
    def add(
        name: str = typer.Argument(..., help="Login name."),
        role: Role = typer.Option(
            ..., "--role", help="clerk | approver | controller | admin | auditor"
        ),
        limit: str | None = typer.Option(
            None, "--limit", help="Approval limit (amount); default by role."
        ),
        password_stdin: bool = typer.Option(
            False, "--password-stdin", help="Read the password from stdin."
        ),
        actor: str = typer.Option("cli", help="Who is adding (recorded in the audit trail)."),
        json_out: bool = typer.Option(False, "--json"),
    ):
        """Add a user; the password is stored as an argon2 hash only."""
        from bursar import db
        from bursar.inbox.users import add_user, parse_limit, person

        amount = parse_limit(limit)
        password = _read_password(password_stdin)
        with db.session_scope() as session:
            user = add_user(session, name, role.value, password, limit=amount, actor=actor)
            p = person(user)
        if json_out:
            emit_json({"name": p.name, "role": p.role, "limit": p.limit})
        else:
            console.print(
                f"added {p.name} ({p.role}, limit {'none' if p.limit is None else p.limit})"
            )

    @group.command("list")
    def list_(json_out: bool = typer.Option(False, "--json")):
        """List users with role, effective approval limit and whether they are active."""
        from bursar import db
        from bursar.inbox.users import list_users, person

        with db.session_scope(write=False) as session:
            rows = [(u, person(u)) for u in list_users(session)]
        if json_out:
            emit_json(
                [
                    {"name": u.name, "role": u.role, "limit": p.limit, "active": u.active}
                    for u, p in rows
                ]
            )
            return
        table(
            "users",
            ["name", "role", "approval limit", "active"],
            [
                (
                    u.name,
                    u.role,
                    "none" if p.limit is None else p.limit,
                    "yes" if u.active else "no",
                )
                for u, p in rows
            ],
        )

    @group.command("disable")
    def disable(
        name: str = typer.Argument(...),
        actor: str = typer.Option("cli", help="Who is disabling (recorded in the audit trail)."),
    ):
        """Disable a user: they can no longer sign in and open sessions stop working."""
        from bursar import db
        from bursar.inbox.users import disable_user

        with db.session_scope() as session:
            disable_user(session, name, actor=actor)
        console.print(f"disabled {name}")
