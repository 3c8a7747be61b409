"""The approval-chain tables on both databases: migration 0009 down and up, delegation
dates compared by the database, one escalation per item, chain and step."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

OURS = {"approval_step", "delegation", "approval_escalation"}


@pytest.mark.parametrize("db_url", ["sqlite", "postgresql"], indirect=True)
def test_migration_0009_goes_down_and_up(db_url: str) -> None:
    from alembic import command

    from bursar.db import alembic_config, dispose_engines, get_engine, upgrade

    assert set(inspect(get_engine(db_url)).get_table_names()) >= OURS
    command.downgrade(alembic_config(db_url), "0008")
    dispose_engines()
    assert not OURS & set(inspect(get_engine(db_url)).get_table_names())
    dispose_engines()
    upgrade(db_url)
    dispose_engines()
    assert set(inspect(get_engine(db_url)).get_table_names()) >= OURS


@pytest.mark.parametrize("db_url", ["sqlite", "postgresql"], indirect=True)
def test_delegation_dates_and_one_escalation_per_step(db_url: str) -> None:
    from bursar.db import session_scope
    from bursar.inbox.chain import active_delegations
    from bursar.records import ApprovalEscalation, Delegation, Document, InboxItem
    from bursar.types import utcnow

    today = utcnow().date()
    with session_scope() as session:
        doc = Document(sha256="a" * 64, filename="a.pdf")
        session.add(doc)
        session.flush()
        item = InboxItem(document_id=doc.id or 0)
        session.add(item)
        for start, end in ((0, 0), (1, 5), (-5, -1)):
            session.add(Delegation(delegator="dana", delegate="bob", created_by="t",
                                   starts_on=today + timedelta(days=start),
                                   ends_on=today + timedelta(days=end)))  # fmt: skip
        session.flush()
        item_id = item.id or 0
        session.add(ApprovalEscalation(item_id=item_id, chain_sig="s", step_no=1, target="x"))
    with session_scope(write=False) as session:
        (now,) = active_delegations(session, "bob", today)
        assert now.ends_on == today
        assert len(active_delegations(session, "bob", today + timedelta(days=3))) == 1
        assert active_delegations(session, "bob", today + timedelta(days=6)) == []
    with pytest.raises(IntegrityError), session_scope() as session:
        session.add(ApprovalEscalation(item_id=item_id, chain_sig="s", step_no=1, target="y"))
