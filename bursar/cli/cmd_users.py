"""``bursar users``: people who may sign in to the approval inbox."""

from __future__ import annotations

import sys
from enum import StrEnum

import typer

from bursar.cli.output import console, emit_json, table
from bursar.cli.users_passkeys import register_passkeys
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
    register_controls(group)
    register_passkeys(group)  # issue 26

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


def register_controls(group: typer.Typer) -> None:
    """Issue 12: unlock, passwd, reset, enable, role and mfa (each audited)."""

    @group.command("unlock")
    def unlock(
        name: str | None = typer.Argument(None, help="User whose delays to clear."),
        address: str | None = typer.Option(
            None, "--address", help="Instead: clear this address's budget over all names."
        ),
        actor: str = typer.Option("cli", help="Who is unlocking (recorded in the audit trail)."),
    ):
        """Clear a user's failed sign-in delays (every address, and the change-password
        form's), or with --address one address's budget over all names."""
        from bursar import db
        from bursar.inbox.lockout import unlock as clear
        from bursar.inbox.lockout import unlock_address
        from bursar.inbox.users import get_user

        if (name is None) == (address is None):
            raise InputError("name a user or give --address, not both")
        with db.session_scope() as session:
            if address is not None:
                n = unlock_address(session, address.strip(), actor)
                console.print(f"address {address} unlocked ({n} failure{'s' if n != 1 else ''})")
                return
            assert name is not None
            get_user(session, name)
            n = clear(session, name, actor)
        console.print(f"unlocked {name} ({n} address{'es' if n != 1 else ''} cleared)")

    @group.command("passwd")
    def passwd(
        name: str = typer.Argument(...),
        password_stdin: bool = typer.Option(
            False, "--password-stdin", help="Read the new password from stdin."
        ),
        actor: str = typer.Option("cli", help="Who is changing it (audit trail)."),
    ):
        """Set a user's password; every session of theirs ends."""
        from bursar import db
        from bursar.inbox.users import set_password

        password = _read_password(password_stdin)
        with db.session_scope() as session:
            set_password(session, name, password, actor=actor)
        console.print(f"password of {name} changed; their sessions were ended")

    @group.command("reset")
    def reset(
        name: str = typer.Argument(...),
        actor: str = typer.Option("cli", help="Who is resetting it (audit trail)."),
        json_out: bool = typer.Option(False, "--json"),
    ):
        """Give a user a new random password (printed once), end their sessions, unlock."""
        import secrets

        from bursar import db
        from bursar.inbox.lockout import unlock as clear
        from bursar.inbox.users import set_password

        password = secrets.token_urlsafe(12)
        with db.session_scope() as session:
            set_password(session, name, password, actor=actor)
            clear(session, name, actor)
        if json_out:
            emit_json({"name": name, "password": password})
        else:
            console.print(f"new password for {name}: {password}  (give it to them privately)")

    @group.command("enable")
    def enable(
        name: str = typer.Argument(...),
        actor: str = typer.Option("cli", help="Who is enabling (audit trail)."),
    ):
        """Re-enable a disabled user."""
        from bursar import db
        from bursar.inbox.users import enable_user

        with db.session_scope() as session:
            enable_user(session, name, actor=actor)
        console.print(f"enabled {name}")

    @group.command("role")
    def role(
        name: str = typer.Argument(...),
        new_role: Role = typer.Argument(
            ..., help="clerk | approver | controller | admin | auditor"
        ),
        actor: str = typer.Option("cli", help="Who is changing it (audit trail)."),
    ):
        """Change a user's role; their sessions end so the new role applies at once."""
        from bursar import db
        from bursar.inbox.users import set_role

        with db.session_scope() as session:
            set_role(session, name, new_role.value, actor=actor)
        console.print(f"{name} is now {new_role.value}; their sessions were ended")

    @group.command("mfa")
    def mfa(
        name: str = typer.Argument(...),
        off: bool = typer.Option(False, "--off", help="Remove the second factor."),
        actor: str = typer.Option("cli", help="Who is doing it (audit trail)."),
        json_out: bool = typer.Option(False, "--json"),
    ):
        """Enrol a user in TOTP: prints the secret and an otpauth:// URI for their app, once."""
        import pyotp

        from bursar import db
        from bursar.inbox.users import set_totp

        with db.session_scope() as session:
            secret = set_totp(session, name, actor=actor, enable=not off)
        if secret is None:
            console.print(f"second factor removed for {name}")
            return
        uri = pyotp.TOTP(secret).provisioning_uri(name=name, issuer_name="Bursar")
        if json_out:
            emit_json({"name": name, "secret": secret, "uri": uri})
        else:
            console.print(f"TOTP secret for {name}: {secret}\n{uri}")

    @group.command("mfa-encrypt")
    def mfa_encrypt(
        actor: str = typer.Option("cli", help="Who is doing it (audit trail)."),
        json_out: bool = typer.Option(False, "--json"),
    ):
        """Encrypt TOTP secrets an older Bursar stored in plain (each audited); new ones are
        stored encrypted already, and plain ones keep working until then."""
        from bursar import db
        from bursar.inbox.users import encrypt_totp_secrets

        with db.session_scope() as session:
            names = encrypt_totp_secrets(session, actor=actor)
        if json_out:
            emit_json({"encrypted": names})
        elif names:
            console.print(f"encrypted the TOTP secret of {len(names)} user(s): {', '.join(names)}")
        else:
            console.print("no TOTP secret is stored in plain")
