"""``bursar init`` and ``bursar db``: create and migrate the database and BURSAR_HOME."""

from __future__ import annotations

import typer

from bursar.cli.output import console, emit_json
from bursar.config import get_settings


def init_home() -> dict[str, str]:
    """Create BURSAR_HOME, the store and the models folder, migrate the DB; return paths."""
    from bursar import db

    settings = get_settings()
    for folder in (settings.home_dir, settings.store_dir, settings.models_dir):
        folder.mkdir(parents=True, exist_ok=True)
    db.upgrade(settings.database_owner_url)  # issue 11: migrations run as the owner role
    from bursar.audit import ensure_signing_key  # issue 11

    return {
        "home": str(settings.home_dir),
        "database": db.describe(settings),
        "revision": db.current_revision() or "",
        "audit_key": ensure_signing_key(),
    }


def register(app: typer.Typer) -> None:
    @app.command("init")
    def init(
        json_out: bool = typer.Option(False, "--json", help="Machine-readable output."),
        store: str | None = typer.Option(
            None, "--store", help="Where originals live: filesystem | postgresql (issue 17)."
        ),
    ):
        """Create BURSAR_HOME and the database (idempotent)."""
        config = None
        if store is not None:  # issue 17: chosen before migrating, refused if it would hide files
            from bursar.cli.cmd_store import choose_store

            config = choose_store(store).resolve()
        info = init_home()
        info["store"] = get_settings().store
        if config is not None:  # issue 22.15: say which file now holds the setting
            info["config"] = str(config)
        if json_out:
            emit_json(info)
        else:
            console.print(
                f"Bursar home [bold]{info['home']}[/bold] ready; "
                f"database {info['database']} at revision {info['revision']}; "
                f"{info['store']} document store.",
                highlight=False,
            )
            if config is not None:
                console.print(
                    f'store = "{store}" written to {config} (read by every bursar command run '
                    "from this folder with a PostgreSQL database; BURSAR_CONFIG names another "
                    "file).",
                    highlight=False,
                    markup=False,
                )

    from bursar.cli.cmd_db import group  # the `db` group; cmd_db adds it to the app

    @group.command("upgrade")
    def upgrade(revision: str = typer.Argument("head")):
        """Apply migrations up to REVISION (default: newest)."""
        from bursar import db

        db.upgrade(get_settings().database_owner_url, revision=revision)
        console.print(f"Database at revision {db.current_revision()}.")

    @group.command("current")
    def current(json_out: bool = typer.Option(False, "--json")):
        """Show the database's migration revision and the newest one."""
        from bursar import db

        info = {
            "database": db.describe(),
            "current": db.current_revision(),
            "head": db.head_revision(),
        }
        if json_out:
            emit_json(info)
        else:
            console.print(f"{info['database']}: revision {info['current']} (newest {info['head']})")
