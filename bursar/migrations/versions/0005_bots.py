"""bots: work items and bot runs

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29

Owned by issue 13. Each open issue has its own revision in a fixed chain
(0002 durable ingest, 0003 audit signatures, 0004 inbox controls, 0005 bots,
0006 scheduler) so work on them can proceed side by side.

Tables mirror ``bots/records.py``: ``work_item`` (unique per bot and reference),
``bot_run`` and ``bot_artefact`` (failure screenshots and page HTML in the store).
"""

import sqlalchemy as sa
from alembic import op

import bursar.types

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _when(name: str) -> sa.Column:
    return sa.Column(name, bursar.types.UTCDateTime(length=32), nullable=True)


def upgrade() -> None:
    op.create_table(
        "work_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bot", sa.String(length=64), nullable=False),
        sa.Column("reference", sa.String(length=512), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("payload", bursar.types.JSONText(), nullable=True),
        sa.Column("last_error", sa.String(), nullable=True),
        sa.Column("error_type", sa.String(length=16), nullable=True),
        sa.Column("document_ids", bursar.types.JSONText(), nullable=True),
        sa.Column("audit_seqs", bursar.types.JSONText(), nullable=True),
        sa.Column("erp_document", sa.String(length=64), nullable=True),
        sa.Column("run_id", sa.Integer(), nullable=True),
        _when("created_at"),
        _when("updated_at"),
        _when("started_at"),
        _when("finished_at"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("bot", "reference", name="uq_work_item_bot_reference"),
    )
    with op.batch_alter_table("work_item", schema=None) as batch_op:
        batch_op.create_index("ix_work_item_bot", ["bot"], unique=False)
        batch_op.create_index("ix_work_item_status", ["status"], unique=False)
        batch_op.create_index("ix_work_item_run_id", ["run_id"], unique=False)

    op.create_table(
        "bot_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bot", sa.String(length=64), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("dry_run", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("error_type", sa.String(length=16), nullable=True),
        sa.Column("message", sa.String(), nullable=True),
        sa.Column("counts", bursar.types.JSONText(), nullable=True),
        sa.Column("stats", bursar.types.JSONText(), nullable=True),
        sa.Column("pid", sa.Integer(), nullable=True),
        sa.Column("host", sa.String(), nullable=True),
        _when("started_at"),
        _when("finished_at"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("bot_run", schema=None) as batch_op:
        batch_op.create_index("ix_bot_run_bot", ["bot"], unique=False)

    op.create_table(
        "bot_artefact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("media_type", sa.String(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        _when("created_at"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("bot_artefact", schema=None) as batch_op:
        batch_op.create_index("ix_bot_artefact_run_id", ["run_id"], unique=False)
        batch_op.create_index("ix_bot_artefact_item_id", ["item_id"], unique=False)


def downgrade() -> None:
    op.drop_table("bot_artefact")
    op.drop_table("bot_run")
    op.drop_table("work_item")
