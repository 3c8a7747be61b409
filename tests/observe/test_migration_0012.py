"""Migration 0012 creates exactly the tables ``ModelShadow`` and ``ModelInference`` describe."""

from __future__ import annotations


def test_migration_0012_matches_the_model_tables(db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    import bursar.records  # noqa: F401 - registers the tables
    from bursar.db import get_engine

    ours = {"model_shadow", "model_inference"}
    with get_engine(db_url).connect() as conn:
        ctx = MigrationContext.configure(
            conn,
            opts={
                "include_name": lambda name, type_, parent: type_ != "table" or name in ours,
                "compare_type": False,
            },
        )
        diff = [d for d in compare_metadata(ctx, SQLModel.metadata) if "model_" in str(d)]
    assert diff == []
