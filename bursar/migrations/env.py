"""Alembic environment: runs Bursar's migrations on the configured database."""

from alembic import context
from sqlmodel import SQLModel

import bursar.records  # noqa: F401 - registers the tables on SQLModel.metadata
from bursar.db import get_engine

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    engine = get_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
