"""The audit trail: hash chain, append-only triggers, tamper detection, concurrency."""

from __future__ import annotations

import json
import multiprocessing as mp
from decimal import Decimal

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from bursar import audit
from bursar.db import dispose_engines, get_engine, session_scope


def _append(n: int, actor: str = "test") -> None:
    for i in range(n):
        with session_scope() as s:
            audit.append(s, actor, "test.event", f"thing/{i}", {"i": i, "amount": Decimal("1.10")})


def test_chain_of_events_verifies(db_url: str) -> None:
    _append(5)
    with session_scope(write=False) as s:
        result = audit.verify(s)
    assert result.ok and result.events == 6 and result.signed == 6  # + the key's creation
    with session_scope(write=False) as s:
        created = audit.events_for(s, "audit/key")[0]
        first = audit.events_for(s, "thing/0")[0]
    assert created.seq == 1 and created.action == "audit.key_created"
    assert created.prev_hash == audit.GENESIS and first.prev_hash == created.hash
    assert json.loads(first.data) == {"amount": "1.10", "i": 0}  # Decimal kept exact, as text


def test_hash_covers_every_field() -> None:
    args = (1, "2026-01-01T00:00:00.000000Z", "alice", "x", "doc/1", "{}", audit.GENESIS)
    base = audit.event_hash(*args)
    for i in range(len(args)):
        changed = list(args)
        changed[i] = changed[i] + 1 if isinstance(changed[i], int) else changed[i] + "!"
        assert audit.event_hash(*changed) != base


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_event SET actor = 'mallory'",
        "DELETE FROM audit_event",
    ],
)
def test_database_refuses_update_and_delete(db_url: str, statement: str) -> None:
    _append(2)
    with pytest.raises(DBAPIError, match="append-only"), get_engine().begin() as conn:
        conn.execute(text(statement))
    with session_scope(write=False) as s:
        assert audit.verify(s).events == 3


def _drop_triggers(dialect: str) -> None:
    with get_engine().begin() as conn:
        if dialect == "sqlite":
            conn.execute(text("DROP TRIGGER audit_event_no_update"))
            conn.execute(text("DROP TRIGGER audit_event_no_delete"))
        else:
            conn.execute(text("DROP TRIGGER audit_event_no_update ON audit_event"))


def test_tampering_behind_the_apps_back_is_detected(db_url: str) -> None:
    _append(6)
    _drop_triggers(get_engine().dialect.name)  # an attacker with DB access
    with get_engine().begin() as conn:
        conn.execute(text("UPDATE audit_event SET data = :d WHERE seq = 4"), {"d": '{"i":99}'})
    with session_scope(write=False) as s:
        result = audit.verify(s)
    assert not result.ok and result.broken_seq == 4 and result.events == 3


def test_deleted_event_is_detected(db_url: str) -> None:
    _append(5)
    _drop_triggers(get_engine().dialect.name)
    with get_engine().begin() as conn:
        conn.execute(text("DELETE FROM audit_event WHERE seq = 3"))
    with session_scope(write=False) as s:
        result = audit.verify(s)
    assert not result.ok and result.broken_seq == 3


def test_rehashed_row_breaks_the_next_link(db_url: str) -> None:
    _append(4)
    _drop_triggers(get_engine().dialect.name)
    with session_scope(write=False) as s:
        ev = audit.events_for(s, "thing/1")[0]
    forged = audit.event_hash(
        ev.seq, ev.at, "mallory", ev.action, ev.subject, ev.data, ev.prev_hash
    )
    with get_engine().begin() as conn:
        conn.execute(
            text("UPDATE audit_event SET actor='mallory', hash=:h WHERE seq=:s"),
            {"h": forged, "s": ev.seq},
        )
    with session_scope(write=False) as s:
        result = audit.verify(s)
    # Unsigned, the next link broke; signed, the row's own signature no longer matches.
    assert not result.ok and result.broken_seq == ev.seq and "signature" in result.reason


def _worker(url: str, n: int, actor: str) -> None:
    import os

    os.environ["BURSAR_DATABASE_URL"] = url
    from bursar.config import reset_settings

    reset_settings()
    dispose_engines()
    _append(n, actor)


def test_two_processes_appending_leave_one_unbroken_chain(db_url: str) -> None:
    dispose_engines()  # never share pooled connections with children
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_worker, args=(db_url, 500, f"p{i}")) for i in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=300)
        assert p.exitcode == 0
    with session_scope(write=False) as s:
        result = audit.verify(s)
        actors = {e.actor for e in audit.events_for(s, "thing/0")}
    assert result.ok, result
    assert result.events == 1001  # + the key's creation
    assert actors == {"p0", "p1"}


def test_export_jsonl_and_csv_round_trip(db_url: str) -> None:
    _append(3)
    with session_scope(write=False) as s:
        lines = "".join(audit.export(s, "jsonl")).splitlines()
        csv_text = "".join(audit.export(s, "csv"))
    events = [json.loads(line) for line in lines]
    assert [e["seq"] for e in events] == [1, 2, 3, 4]
    assert events[2]["prev_hash"] == events[1]["hash"]
    assert all(e["sig"] and e["key_id"] for e in events)
    rows = csv_text.splitlines()
    assert rows[0] == ",".join(audit.EXPORT_COLUMNS) and len(rows) == 5
