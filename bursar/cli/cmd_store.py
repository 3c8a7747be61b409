"""``bursar store``: which document store holds the originals, and moving them between stores.

The choice is the ``store`` setting, written to the config file (``bursar.toml``) by
``bursar init --store`` and by a successful ``bursar store migrate``, so every process
started with that file (workers on other machines included) uses the same store.
"""

from __future__ import annotations

import os
import re
from enum import StrEnum
from pathlib import Path

import typer

from bursar.cli.output import console, emit_json, err_console, error_line
from bursar.errors import ConfigError, InputError

StoreKind = StrEnum("StoreKind", {k: k for k in ("filesystem", "postgresql")})


def _count(kind: str) -> int:
    """Return how many originals the store of ``kind`` holds (0 when it cannot be read)."""
    from bursar import db
    from bursar.store import store_of_kind

    try:
        if kind == "postgresql" and not db.has_table("document_blob"):
            return 0
        return store_of_kind(kind).count()
    except (ConfigError, OSError):
        return 0


def write_store_setting(kind: str) -> Path:
    """Set ``store = "<kind>"`` in the config file (created when absent); return its path."""
    from bursar.config import _toml_path, reset_settings

    path = _toml_path()
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True) if path.exists() else []
    setting = f'store = "{kind}"\n'
    for i, line in enumerate(lines):
        if line.lstrip().startswith("["):  # top-level keys must come before any table
            break
        if re.match(r"\s*store\s*=", line):
            lines[i] = setting
            break
    else:
        lines.insert(0, setting)
    if setting not in lines:
        lines.insert(0, setting)
    path.write_text("".join(lines), encoding="utf-8")
    reset_settings()
    return path


def choose_store(kind: str) -> Path:
    """Make ``kind`` the store; refuse when that would hide originals kept in the other one."""
    from bursar.config import get_settings
    from bursar.store import store_of_kind

    settings = get_settings()
    store_of_kind(kind)  # raises ConfigError for postgresql on SQLite
    other = "postgresql" if kind == "filesystem" else "filesystem"
    if settings.store == other and (held := _count(other)) > _count(kind):
        raise InputError(
            f"{held} original(s) are in the {other} store; run 'bursar store migrate --to "
            f"{kind}' to copy them and switch",
            code="store_not_empty",
        )
    return write_store_setting(kind)


def _env_note(kind: str) -> str:
    env = os.environ.get("BURSAR_STORE")
    if env and env != kind:
        return f" (BURSAR_STORE={env} overrides it in this environment)"
    return ""


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="The document store: filesystem or PostgreSQL.", no_args_is_help=True)
    app.add_typer(group, name="store")

    @group.command("status")
    def status(json_out: bool = typer.Option(False, "--json")):
        """Show which store is in use and how many originals each holds."""
        from bursar.config import get_settings

        info = {
            "store": get_settings().store,
            "filesystem": _count("filesystem"),
            "postgresql": _count("postgresql"),
        }
        if json_out:
            emit_json(info)
        else:
            console.print(
                f"store: {info['store']}; originals: {info['filesystem']} on the filesystem, "
                f"{info['postgresql']} in PostgreSQL"
            )

    @group.command("migrate")
    def migrate(
        to: StoreKind = typer.Option(..., "--to", help="The store to copy every original into."),
        json_out: bool = typer.Option(False, "--json"),
    ):
        """Copy every original into the other store (sha256 verified, safe to re-run), then
        switch to it."""
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        from bursar import db
        from bursar.store import store_of_kind
        from bursar.store.pg import migrate as copy_all

        if not db.is_migrated():
            raise InputError("the database is not initialised; run 'bursar init' first")
        source_kind = "postgresql" if to.value == "filesystem" else "filesystem"
        source, target = store_of_kind(source_kind), store_of_kind(to.value)
        with Progress(
            TextColumn("[bold]store migrate"),
            BarColumn(),
            MofNCompleteColumn(),
            console=err_console,
            transient=True,
            disable=not err_console.is_terminal,
        ) as bar:
            task = bar.add_task("migrate", total=source.count())
            report = copy_all(source, target, on_item=lambda: bar.advance(task))
        ok = not report.damaged and not report.missing
        config = write_store_setting(to.value) if ok else None
        for sha in report.damaged:
            error_line(None, f"original {sha} in the {source_kind} store is damaged (its "
                       "sha256 differs); not copied", code="store_damaged")  # fmt: skip
        for sha in report.missing:
            error_line(None, f"document {sha} is in neither store", code="store_missing")
        if json_out:
            emit_json({**report.to_json(), "switched": ok, "config": str(config or "")})
        else:
            console.print(
                f"{report.copied} copied, {report.present} already there, {report.repaired} "
                f"repaired, {len(report.damaged)} damaged, {len(report.missing)} missing."
            )
            if config:
                console.print(f"store is now {to.value} ({config}){_env_note(to.value)}.")
            else:
                console.print("store not switched: fix the originals above and run it again.")
        if not ok:
            raise typer.Exit(1)
