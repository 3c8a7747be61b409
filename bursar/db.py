"""Engine, sessions and migrations for SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from bursar.config import Settings, get_settings
from bursar.errors import SystemError_

_engines: dict[str, Engine] = {}
MIGRATIONS = Path(__file__).with_name("migrations")


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        # Let SQLAlchemy, not the driver, decide when a transaction begins (see _on_begin).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # type: ignore[no-untyped-def]
        # Writers take the write lock up front: a deferred transaction that reads and
        # then writes can fail with SQLITE_BUSY instead of waiting, and the audit chain
        # needs "read last hash, append" to be atomic across processes.
        immediate = conn.get_execution_options().get("sqlite_immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def get_engine(url: str | None = None) -> Engine:
    """Return the (cached) engine for ``url`` or the configured database."""
    url = url or get_settings().db_url
    engine = _engines.get(url)
    if engine is None:
        if url.startswith("sqlite"):
            path = url.removeprefix("sqlite:///")
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, connect_args={"timeout": 30})
            _sqlite_pragmas(engine)
        else:
            engine = create_engine(url, pool_pre_ping=True)
        _engines[url] = engine
    return engine


def dispose_engines() -> None:
    """Close every cached engine (tests and forked workers call this)."""
    for engine in _engines.values():
        engine.dispose()
    _engines.clear()


@contextmanager
def session_scope(*, write: bool = True, url: str | None = None) -> Iterator[Session]:
    """Yield a session in one transaction: commit on success, roll back on error.

    ``write=True`` begins with the write lock held on SQLite (``BEGIN IMMEDIATE``).
    """
    engine = get_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        if write and engine.dialect.name == "sqlite":
            session.connection(execution_options={"sqlite_immediate": True})
        try:
            yield session
            session.commit()
        except Exception as exc:
            with suppress(Exception):  # a failed rollback must not hide the error itself
                session.rollback()
            full = full_disk_error(exc, engine.url.render_as_string(hide_password=True))
            if full is not None:
                raise full from exc
            raise


# SQLite's result code and PostgreSQL's SQLSTATE for "no space left for the database".
_SQLITE_FULL = 13
_PG_DISK_FULL = "53100"


def full_disk_error(exc: BaseException, where: str | None = None) -> SystemError_ | None:
    """Return the ``store_full`` error a failed write means when the database's disk is full.

    SQLite says 'database or disk is full' (SQLITE_FULL), PostgreSQL raises DiskFull
    (53100): a system condition like a full document store, reported per file by a batch
    instead of ending it.
    """
    orig = getattr(exc, "orig", exc)  # SQLAlchemy wraps the driver's error
    full = (
        isinstance(orig, sqlite3.Error) and getattr(orig, "sqlite_errorcode", None) == _SQLITE_FULL
    ) or getattr(orig, "sqlstate", None) == _PG_DISK_FULL
    if not full:
        return None
    return SystemError_(
        f"the database is full (no space left for {where or describe()}); free space, then ingest "
        "the same files again",
        code="store_full",
    )


def alembic_config(url: str | None = None):  # type: ignore[no-untyped-def]
    """Return an Alembic config pointing at Bursar's migrations and database."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", (url or get_settings().db_url).replace("%", "%%"))
    return cfg


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Apply migrations up to ``revision``."""
    from alembic import command

    try:
        command.upgrade(alembic_config(url), revision)
    except OperationalError as exc:
        raise SystemError_(f"cannot reach the database: {exc.orig}", code="db_unreachable") from exc


def current_revision(url: str | None = None) -> str | None:
    """Return the database's migration revision, or None when not initialised."""
    from alembic.runtime.migration import MigrationContext

    with get_engine(url).connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    """Return the newest migration revision shipped with this Bursar."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def is_migrated(url: str | None = None) -> bool:
    """True when the database exists and is at the newest revision."""
    try:
        return current_revision(url) == head_revision()
    except OperationalError:
        return False


def has_table(name: str, url: str | None = None) -> bool:
    """True when table ``name`` exists."""
    return inspect(get_engine(url)).has_table(name)


def describe(settings: Settings | None = None) -> str:
    """Return the database URL with any password masked (safe to print)."""
    from sqlalchemy.engine import make_url

    url = make_url((settings or get_settings()).db_url)
    return url.render_as_string(hide_password=True)
