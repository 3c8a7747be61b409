"""The inbox-controls tables on both databases: migration 0004 up and down, sessions that
end everywhere, sign-in throttling per (user name, address)."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect


@pytest.mark.parametrize("db_url", ["sqlite", "postgresql"], indirect=True)
def test_migration_0004_goes_down_and_up(db_url: str) -> None:
    from alembic import command

    from bursar.db import alembic_config, dispose_engines, get_engine, upgrade

    def columns(table: str) -> set[str]:
        return {c["name"] for c in inspect(get_engine(db_url)).get_columns(table)}

    assert {"held_by", "signoff_by", "signoff_at"} <= columns("inbox_item")
    assert {"totp_secret", "password_changed_at"} <= columns("user")
    command.downgrade(alembic_config(db_url), "0003")
    dispose_engines()
    tables = set(inspect(get_engine(db_url)).get_table_names())
    assert not {"user_session", "sign_in_throttle"} & tables
    assert "held_by" not in columns("inbox_item") and "totp_secret" not in columns("user")
    dispose_engines()
    upgrade(db_url)
    dispose_engines()
    assert {"user_session", "sign_in_throttle"} <= set(
        inspect(get_engine(db_url)).get_table_names()
    )


@pytest.mark.parametrize("db_url", ["sqlite", "postgresql"], indirect=True)
def test_sessions_and_throttle_on_each_database(db_url: str) -> None:
    from bursar.db import session_scope
    from bursar.inbox import lockout
    from bursar.inbox.security import SessionBook, revoke_sessions
    from bursar.inbox.users import add_user

    with session_scope() as session:
        add_user(session, "erin", "approver", "long enough pw")
    first, second = SessionBook("k" * 40), SessionBook("k" * 40)  # two server processes
    s, cookie = first.issue("erin", "10.0.0.1")
    assert second.read(cookie) == s
    first.end(s)
    assert second.read(cookie) is None
    _, cookie = first.issue("erin")
    with session_scope() as session:
        assert revoke_sessions(session, "erin", "password") == 1
    assert second.read(cookie) is None

    for _ in range(5):
        lockout.record_failure("erin", "10.0.0.9", "form")
    assert lockout.wait_seconds("erin", "10.0.0.9") > 0
    assert lockout.wait_seconds("erin", "10.0.0.1") == 0  # another address: not delayed
    lockout.record_failure("no such person", "10.0.0.9", "form")
    with session_scope() as session:
        assert lockout.unlock(session, "erin", "test") == 1
    assert lockout.wait_seconds("erin", "10.0.0.9") == 0
