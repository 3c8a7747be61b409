"""Does a migration create exactly the tables the models describe? One check for every
revision's test (each names its tables), instead of a copy per issue."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def migration_diff(db_url: str, tables: Iterable[str]) -> list[Any]:
    """Return alembic's differences between the migrated database and the SQLModel tables,
    limited to ``tables`` (their columns, indexes and constraints); [] when they agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    import bots.records  # noqa: F401 - registers the bots' tables
    import bursar.records  # noqa: F401 - registers the core's tables
    from bursar.db import get_engine

    ours = set(tables)

    with get_engine(db_url).connect() as conn:
        ctx = MigrationContext.configure(
            conn,
            opts={
                "include_name": lambda name, type_, parent: type_ != "table" or name in ours,
                "compare_type": False,
            },
        )
        return [
            d for d in compare_metadata(ctx, SQLModel.metadata) if any(t in str(d) for t in ours)
        ]
