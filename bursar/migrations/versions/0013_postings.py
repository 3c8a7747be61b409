"""postings: approved documents entered into downstream systems, once per target

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07

Owned by issue 28 (one interface for "approved and not yet posted" and "posted with this
reference"). Before this table the only record of a posting was its audit event; the
upgrade copies those events into it, so a home posted before the upgrade is not posted
again.
"""

import json

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bursar.types

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# audit action -> (target, document key, reference of the event's data)
_EVENTS = {
    "bots.erp_posted": ("erp", lambda d: d.get("document"), lambda d: d.get("erp_document")),
    "bots.desktop_entered": (
        "desktop",
        lambda d: d.get("document_id"),
        lambda d: (d.get("after") or {}).get("entry"),
    ),
}


def upgrade() -> None:
    op.create_table(
        "posting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("target", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("reference", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.Column("found_existing", sa.Boolean(), nullable=False),
        sa.Column("posted_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("posted_at", bursar.types.UTCDateTime(length=32), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("document_id", "target"),
    )
    with op.batch_alter_table("posting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_posting_document_id"), ["document_id"], unique=False)
    _copy_from_audit()


def _copy_from_audit() -> None:
    conn = op.get_bind()
    rows = conn.execute(
        sa.text(
            "SELECT actor, action, subject, data, at FROM audit_event "
            "WHERE action IN ('bots.erp_posted', 'bots.desktop_entered') ORDER BY seq"
        )
    ).all()
    documents = {r[0] for r in conn.execute(sa.text("SELECT id FROM document")).all()}
    seen: set[tuple[int, str]] = set()
    for actor, action, subject, data, at in rows:
        target, doc_of, ref_of = _EVENTS[action]
        payload = json.loads(data or "{}")
        doc, ref = doc_of(payload), ref_of(payload)
        if doc is None or not ref or int(doc) not in documents or (int(doc), target) in seen:
            continue
        seen.add((int(doc), target))
        decision = subject.split("/", 1)[1] if subject.startswith("decision/") else None
        conn.execute(
            sa.text(
                "INSERT INTO posting (document_id, target, reference, decision_id, "
                "found_existing, posted_by, posted_at) VALUES (:d, :t, :r, :dec, :f, :by, :at)"
            ),
            {
                "d": int(doc),
                "t": target,
                "r": str(ref),
                "dec": int(decision) if decision and decision.isdigit() else None,
                "f": bool(payload.get("found_existing", not payload.get("keyed", True))),
                "by": actor,
                "at": at,
            },
        )


def downgrade() -> None:
    with op.batch_alter_table("posting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_posting_document_id"))
    op.drop_table("posting")
