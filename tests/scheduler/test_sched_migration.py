"""Migration 0006 goes down and up again on SQLite and PostgreSQL, keeping run history."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect

from bursar.db import alembic_config, dispose_engines, get_engine, upgrade


def test_0006_downgrades_and_upgrades(db_url: str) -> None:
    tables = set(inspect(get_engine(db_url)).get_table_names())
    assert {"schedule", "scheduler_lease", "alert"} <= tables
    command.downgrade(alembic_config(db_url), "0005")
    dispose_engines()
    insp = inspect(get_engine(db_url))
    assert "schedule" not in insp.get_table_names()
    assert "fire_time" not in {c["name"] for c in insp.get_columns("job_run")}
    upgrade(db_url)
    dispose_engines()
    cols = {c["name"] for c in inspect(get_engine(db_url)).get_columns("job_run")}
    assert {"fire_time", "due_at", "log_tail", "cancel_requested"} <= cols
