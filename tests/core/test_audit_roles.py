"""A database role that cannot touch the trail (PostgreSQL), and trails older than signatures."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from bursar import audit
from bursar.audit.roles import create_roles, role_problem
from bursar.config import reset_settings
from bursar.db import dispose_engines, get_engine, session_scope, upgrade


def _as(url: str, role: str) -> str:
    return url.replace("//bursar@", f"//{role}@", 1)


def _use(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BURSAR_DATABASE_URL", url)
    reset_settings()
    dispose_engines()


ATTACKS = [
    "DROP TRIGGER audit_event_no_update ON audit_event",
    "ALTER TABLE audit_event DISABLE TRIGGER USER",
    "ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update",
    "UPDATE audit_event SET actor = 'mallory'",
    "DELETE FROM audit_event",
    "TRUNCATE audit_event",
]


@pytest.mark.postgres
def test_app_role_is_refused_everything_but_insert_and_select(
    postgres, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = postgres.create_database()  # an install migrated by a superuser, with events
    _use(admin, monkeypatch)
    upgrade(admin)
    with session_scope() as s:
        audit.append(s, "clerk", "test.event", "thing/1", {})
    assert "superuser" in (role_problem(admin) or "")
    tag = uuid.uuid4().hex[:8]
    owner, app = f"owner_{tag}", f"app_{tag}"
    info = create_roles(admin, owner, app)
    assert info["owned"] > 10
    assert "owns audit_event" in (role_problem(_as(admin, owner)) or "")
    assert role_problem(_as(admin, app)) is None

    _use(_as(admin, app), monkeypatch)  # the application from now on
    with session_scope() as s:
        audit.append(s, "clerk", "test.event", "thing/2", {"ok": True})
    with session_scope(write=False) as s:
        assert audit.verify(s).ok
    for statement in ATTACKS:
        with pytest.raises(DBAPIError) as err, get_engine().begin() as conn:
            conn.execute(text(statement))
        assert err.value.orig.sqlstate == "42501", statement  # insufficient_privilege
        assert "permission denied" in str(err.value.orig) or "must be owner" in str(err.value)
    with get_engine().connect() as conn:  # the business tables stay the app's to use
        ok = conn.execute(
            text("SELECT has_table_privilege('inbox_item', 'SELECT, INSERT, UPDATE, DELETE')")
        ).scalar()
    assert ok

    # The owner, not a superuser, runs migrations; what it makes, the app may use.
    with get_engine(_as(admin, owner)).begin() as conn:
        sql = "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
        assert not conn.execute(text(sql)).scalar()
        conn.execute(text("CREATE TABLE later_table (id int)"))
    with get_engine().begin() as conn:
        conn.execute(text("INSERT INTO later_table VALUES (1)"))


@pytest.mark.postgres
def test_roles_first_then_migrations_as_the_owner(
    postgres, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bursar.cli import main

    admin = postgres.create_database()  # a new install: roles before any table
    tag = uuid.uuid4().hex[:8]
    owner, app = f"owner_{tag}", f"app_{tag}"
    rc = main(["db", "roles", "--owner", owner, "--app", app, "--admin-url", admin, "--json"])
    assert rc == 0
    monkeypatch.setenv("BURSAR_DATABASE_OWNER_URL", _as(admin, owner))
    _use(_as(admin, app), monkeypatch)
    assert main(["init", "--json"]) == 0  # migrates as the owner
    with get_engine().connect() as conn:
        owner_of = conn.execute(
            text("SELECT tableowner FROM pg_tables WHERE tablename = 'audit_event'")
        ).scalar()
    assert owner_of == owner and role_problem(_as(admin, app)) is None
    with session_scope() as s:
        audit.append(s, "clerk", "test.event", "thing/1", {})
    with pytest.raises(DBAPIError), get_engine().begin() as conn:
        conn.execute(text("DELETE FROM audit_event"))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def at_0002(
    request: pytest.FixtureRequest, home: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """A database at revision 0002: before events were signed."""
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres").create_database()
        monkeypatch.setenv("BURSAR_DATABASE_URL", url)
    reset_settings()
    from bursar.config import get_settings

    url = get_settings().db_url
    upgrade(url, "0002")
    yield url


def test_a_trail_from_before_signatures_migrates_and_stays_protected(at_0002: str) -> None:
    prev = audit.GENESIS
    with get_engine().begin() as conn:
        for seq in range(1, 6):  # what 0001/0002 wrote: no key_id, no sig
            row = (seq, f"2026-01-0{seq}T00:00:00.000000Z", "old", "x", f"t/{seq}", "{}")
            digest = audit.event_hash(*row, prev)
            conn.execute(
                text("INSERT INTO audit_event VALUES (:s, :a, :ac, :x, :sub, :d, :p, :h)"),
                dict(zip(("s", "a", "ac", "x", "sub", "d"), row, strict=True), p=prev, h=digest),
            )
            prev = digest
    upgrade(at_0002)
    with pytest.raises(DBAPIError, match="append-only"), get_engine().begin() as conn:
        conn.execute(text("UPDATE audit_event SET actor = 'mallory'"))  # triggers survived
    with session_scope() as s:
        audit.append(s, "clerk", "test.event", "t/6", {})
    with session_scope(write=False) as s:
        result = audit.verify(s)
    assert result.ok and result.unsigned == 5 and result.signed == 2, result
    # Rewriting the unsigned part is caught by the checkpoint made when signing began.
    with get_engine().begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.execute(text("DROP TRIGGER audit_event_no_update"))
        else:
            conn.execute(text("ALTER TABLE audit_event DISABLE TRIGGER USER"))
        found = conn.execute(text("SELECT * FROM audit_event ORDER BY seq"))
        rows = [dict(r._mapping) for r in found]
        prev = audit.GENESIS
        rows[1]["actor"] = "mallory"
        for r in rows[:5]:
            r["prev_hash"] = prev
            r["hash"] = prev = audit.event_hash(
                r["seq"], r["at"], r["actor"], r["action"], r["subject"], r["data"], prev
            )
            conn.execute(
                text(
                    "UPDATE audit_event SET actor=:actor, prev_hash=:prev_hash, hash=:hash "
                    "WHERE seq=:seq"
                ),
                r,
            )
    with session_scope(write=False) as s:
        result = audit.verify(s)
    assert not result.ok and result.broken_seq == 5 and "rewritten" in result.reason


def test_doctor_reports_key_checkpoints_and_the_database_boundary(db_url: str) -> None:
    from bursar.config import get_settings
    from bursar.doctor import check_audit

    with session_scope() as s:
        audit.append(s, "clerk", "test.event", "thing/1", {})
    checks = {c.name: c for c in check_audit(get_settings())}
    assert checks["audit key"].status == "ok"
    assert checks["audit checkpoints"].status == "warn"  # no second destination configured
    role = checks["audit role"]
    if get_settings().is_sqlite:
        assert role.status == "ok" and "file access is the boundary" in role.detail
    else:  # the test server's user is a superuser: exactly what doctor must warn about
        assert role.status == "warn" and "superuser" in role.detail
