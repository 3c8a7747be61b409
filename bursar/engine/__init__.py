"""The distributed engine: one Procrastinate app over Bursar's PostgreSQL database.

Tasks are plain functions registered on ``app`` where they belong: the document task in
``bursar.engine.tasks`` (loaded by ``bound_app``), the scheduler's job-run task in
``scheduler.tasks`` (the scheduler imports the engine, never the other way round; ``bursar
worker`` loads it); each calls one pipeline stage or one bot run and nothing else
(ARCHITECTURE.md 6). The queue is the database, so "is this job done?" is a query
and a document's job can be deferred in the very transaction that records the
document (``defer_in``). SQLite has no queue: there the same functions run in-process.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import procrastinate
from sqlalchemy.engine import make_url

from bursar.config import get_settings
from bursar.engine.queue import defer_in, queue_depths, workers_alive  # noqa: F401 - re-exported
from bursar.errors import ConfigError

# Queues by capability (ARCHITECTURE.md 6): text layer and rules, OCR, GPU models, bots.
QUEUES = ("ingest", "ocr", "gpu", "bots", "models")  # models: served inference (issue 25)

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


def bound_app(url: str | None = None) -> procrastinate.App:
    """Return ``app`` with its tasks, bound to the configured database (not yet open)."""
    # Imported here, not at the top: the document task calls the pipeline, which defers
    # through this package (bursar.ingest -> bursar.engine.queue).
    from bursar.engine import inference, tasks  # noqa: F401 - registers their tasks

    return app.with_connector(procrastinate.PsycopgConnector(conninfo=conninfo(url)))


@contextmanager
def open_app(url: str | None = None) -> Iterator[procrastinate.App]:
    """Yield the engine open on the configured database (synchronous use)."""
    bound = bound_app(url)
    with bound.open():
        yield bound
