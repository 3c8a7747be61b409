"""Migration 0012 creates exactly the tables ``ModelShadow`` and ``ModelInference`` describe."""

from __future__ import annotations

from tests.migrationkit import migration_diff


def test_migration_0012_matches_the_model_tables(db_url: str) -> None:
    assert migration_diff(db_url, {"model_shadow", "model_inference"}) == []
