"""``bursar users passkeys NAME [--remove ID]``: an administrator lists a user's passkeys, or
removes one whose device was lost (audited under the administrator's name)."""

from __future__ import annotations

import typer

from bursar.cli.output import console, emit_json, table


def register_passkeys(group: typer.Typer) -> None:
    @group.command("passkeys")
    def passkeys_cmd(
        name: str = typer.Argument(..., help="The user."),
        remove: int | None = typer.Option(None, "--remove", help="Remove this passkey (its id)."),
        actor: str = typer.Option("cli", help="Who is doing it (audit trail)."),
        json_out: bool = typer.Option(False, "--json"),
    ) -> None:
        """List a user's passkeys (names and dates, never key material), or remove one."""
        from bursar import db
        from bursar.inbox import passkeys
        from bursar.inbox.users import get_user

        with db.session_scope() as session:
            get_user(session, name)
            if remove is not None:
                passkeys.remove(session, name, remove, actor=actor)
            rows = [
                {"id": p.id, "label": p.label,
                 "created_at": p.created_at.isoformat() if p.created_at else None,
                 "last_used_at": p.last_used_at.isoformat() if p.last_used_at else None}
                for p in passkeys.user_passkeys(session, name)
            ]  # fmt: skip
        if json_out:
            emit_json({"user": name, "removed": remove, "passkeys": rows})
            return
        if remove is not None:
            console.print(f"passkey {remove} of {name} removed")
        table(
            f"passkeys of {name}",
            ["id", "name", "added", "last used"],
            [
                (r["id"], r["label"], r["created_at"] or "-", r["last_used_at"] or "never")
                for r in rows
            ],
        )
