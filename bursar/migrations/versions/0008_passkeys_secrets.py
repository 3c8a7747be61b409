"""passkeys and sealed secrets with key rotation

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07

Owned by issue 26 (passkeys, secrets at rest). The keys themselves never enter the database:
they stay in BURSAR_HOME/keys/secrets.key (``bursar.secrets``); rotation re-seals the rows.
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bursar.types

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _text(name: str, length: int | None = None, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sqlmodel.sql.sqltypes.AutoString(length=length), nullable=nullable)


def _when(name: str) -> sa.Column:
    return sa.Column(name, bursar.types.UTCDateTime(length=32), nullable=True)


def upgrade() -> None:
    op.create_table(
        "passkey",
        sa.Column("id", sa.Integer(), nullable=False),
        _text("user_name", 64),
        _text("label", 64),
        _text("handle", 64),
        _text("sealed"),
        _when("created_at"),
        _when("last_used_at"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("handle"),
    )
    op.create_index("ix_passkey_user_name", "passkey", ["user_name"], unique=False)
    op.create_table(
        "webauthn_challenge",
        _text("id", 64),
        _text("purpose", 16),
        _text("user_name", 64),
        _text("challenge"),
        _when("expires_at"),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("webauthn_challenge")
    op.drop_index("ix_passkey_user_name", table_name="passkey")
    op.drop_table("passkey")
