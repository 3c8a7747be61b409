"""The distributed engine: one Procrastinate app over Bursar's PostgreSQL database.

Tasks are plain functions registered on ``app`` in the modules listed in
``TASK_MODULES``; each calls one pipeline stage or one bot run and nothing else
(ARCHITECTURE.md 6). The queue is the database, so "is this job done?" is a query
and a document's job can be deferred in the very transaction that records the
document (``defer_in``). SQLite has no queue: there the same functions run in-process.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager

import procrastinate
from sqlalchemy.engine import make_url

from bursar.config import get_settings
from bursar.errors import ConfigError
from bursar.queue import defer_in, queue_depths, workers_alive  # noqa: F401 - re-exported

# Modules that register tasks on ``app``; imported by workers before they start.
TASK_MODULES = [
    "scheduler.ingest_tasks",
    "scheduler.tasks",
]

# Queues by capability (ARCHITECTURE.md 6): text layer and rules, OCR, GPU models, bots.
QUEUES = ("ingest", "ocr", "gpu", "bots")

# Never opened itself: ``open_app`` binds a copy to the configured database.
app = procrastinate.App(connector=procrastinate.PsycopgConnector())


def conninfo(url: str | None = None) -> str:
    """Return a libpq connection string for the configured PostgreSQL database."""
    url = url or get_settings().db_url
    if not url.startswith("postgresql"):
        raise ConfigError(
            "the job queue needs PostgreSQL (BURSAR_DATABASE_URL=postgresql+psycopg://...); "
            "with SQLite, `bursar ingest` processes documents in-process",
            code="needs_postgresql",
        )
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def import_task_modules() -> None:
    """Import every module that registers tasks, so ``app`` knows them all."""
    for name in TASK_MODULES:
        importlib.import_module(name)


def bound_app(url: str | None = None) -> procrastinate.App:
    """Return ``app`` with its tasks, bound to the configured database (not yet open)."""
    import_task_modules()
    return app.with_connector(procrastinate.PsycopgConnector(conninfo=conninfo(url)))


@contextmanager
def open_app(url: str | None = None) -> Iterator[procrastinate.App]:
    """Yield the engine open on the configured database (synchronous use)."""
    bound = bound_app(url)
    with bound.open():
        yield bound
