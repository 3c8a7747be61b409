"""``bursar db``: migrations (see cmd_init) and the PostgreSQL owner and application roles."""

from __future__ import annotations

import typer

from bursar.cli.output import console, emit_json

group = typer.Typer(help="Database migrations and roles.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(group, name="db")

    @group.command("roles")
    def roles(
        owner: str = typer.Option("bursar_owner", help="Role that owns the tables and migrates."),
        app_role: str = typer.Option("bursar_app", "--app", help="Role the application uses."),
        admin_url: str | None = typer.Option(
            None,
            "--admin-url",
            help="URL of a superuser (or the database's owner); default the configured database.",
        ),
        passwords_stdin: bool = typer.Option(
            False,
            "--passwords-stdin",
            help="Read the owner's password, then the app's, one per line from stdin.",
        ),
        json_out: bool = typer.Option(False, "--json"),
    ):
        """Create the owner role (migrations) and the app role (INSERT+SELECT on audit_event)."""
        import sys

        from bursar.audit.roles import create_roles
        from bursar.config import get_settings
        from bursar.errors import InputError

        settings = get_settings()
        url = admin_url or settings.database_owner_url or settings.db_url
        if not url.startswith("postgresql"):
            raise InputError(
                "roles are for PostgreSQL; on SQLite file access is the boundary "
                "(see README: The audit trail)"
            )
        owner_pw = app_pw = None
        if passwords_stdin:
            lines = sys.stdin.read().splitlines()
            owner_pw = lines[0] if lines and lines[0] else None
            app_pw = lines[1] if len(lines) > 1 and lines[1] else None
        info = create_roles(url, owner, app_role, owner_pw, app_pw)
        if json_out:
            emit_json(info)
            return
        console.print(
            f"roles ready in {info['database']}: {owner} owns {info['owned']} objects and "
            f"migrates; {app_role} may only INSERT and SELECT on audit_event."
        )
        console.print(
            "Set BURSAR_DATABASE_URL to the app role and BURSAR_DATABASE_OWNER_URL to the owner."
        )
