"""models: shadow runs and served inference answers

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07

Owned by issue 25. ``model_shadow``: what a candidate model read on a live document beside
the active one (recorded, never acted on). ``model_inference``: the inference worker's
requests (inputs) and answers, each read (and deleted) by the pipeline worker that asked.
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bursar.types

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "model_shadow",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("model", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("candidate", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("active", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("output", bursar.types.JSONText(), nullable=True),
        sa.Column("created_at", bursar.types.UTCDateTime(length=32), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_model_shadow_document_id", "model_shadow", ["document_id"])
    op.create_index("ix_model_shadow_candidate", "model_shadow", ["candidate"])
    op.create_table(
        "model_inference",
        sa.Column("request", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("inputs", sa.Text(), nullable=False),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("created_at", bursar.types.UTCDateTime(length=32), nullable=True),
        sa.PrimaryKeyConstraint("request"),
    )


def downgrade() -> None:
    op.drop_table("model_inference")
    op.drop_index("ix_model_shadow_candidate", table_name="model_shadow")
    op.drop_index("ix_model_shadow_document_id", table_name="model_shadow")
    op.drop_table("model_shadow")
