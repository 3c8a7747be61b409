"""approval chains, delegation and escalation

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07

Owned by issue 26 (approval chains). Reserved in the fixed chain so that parallel work
lands side by side. The chains themselves are rule-pack data; the database holds what
happened: each step approved (and for whom), delegations with their dates, and the
escalations already raised (one per item, chain and step, so a rerun raises nothing new).
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bursar.types

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

WHEN = bursar.types.UTCDateTime(length=32)


def _text(name: str, nullable: bool = True, length: int | None = None) -> sa.Column:
    return sa.Column(name, sqlmodel.sql.sqltypes.AutoString(length=length), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "approval_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        _text("chain", False),
        _text("chain_sig", False, 16),
        sa.Column("step_no", sa.Integer(), nullable=False),
        _text("step", False),
        _text("actor", False, 64),
        _text("on_behalf_of", True, 64),
        sa.Column("escalated", sa.Boolean(), nullable=False),
        _text("comment"),
        sa.Column("at", WHEN, nullable=True),
        sa.ForeignKeyConstraint(["item_id"], ["inbox_item.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_approval_step_item_id", "approval_step", ["item_id"], unique=False)
    op.create_table(
        "delegation",
        sa.Column("id", sa.Integer(), nullable=False),
        _text("delegator", False, 64),
        _text("delegate", False, 64),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        _text("reason"),
        _text("created_by", False, 64),
        sa.Column("created_at", WHEN, nullable=True),
        sa.Column("revoked_at", WHEN, nullable=True),
        _text("revoked_by", True, 64),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_delegation_delegator", "delegation", ["delegator"], unique=False)
    op.create_index("ix_delegation_delegate", "delegation", ["delegate"], unique=False)
    op.create_table(
        "approval_escalation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        _text("chain_sig", False, 16),
        sa.Column("step_no", sa.Integer(), nullable=False),
        _text("target", False),
        sa.Column("alert_id", sa.Integer(), nullable=True),
        sa.Column("at", WHEN, nullable=True),
        sa.ForeignKeyConstraint(["item_id"], ["inbox_item.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("item_id", "chain_sig", "step_no"),
    )
    op.create_index(
        "ix_approval_escalation_item_id", "approval_escalation", ["item_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_approval_escalation_item_id", table_name="approval_escalation")
    op.drop_table("approval_escalation")
    op.drop_index("ix_delegation_delegate", table_name="delegation")
    op.drop_index("ix_delegation_delegator", table_name="delegation")
    op.drop_table("delegation")
    op.drop_index("ix_approval_step_item_id", table_name="approval_step")
    op.drop_table("approval_step")
