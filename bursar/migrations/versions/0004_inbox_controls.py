"""inbox controls: sessions, sign-in throttling, TOTP, holds and two-person sign-off

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29

Owned by issue 12. Each open issue has its own revision in a fixed chain
(0002 durable ingest, 0003 audit signatures, 0004 inbox controls, 0005 bots,
0006 scheduler) so work on them can proceed side by side.

Sessions live in the database (one row per sign-in) so that logout, a password change,
disabling a user or changing a role ends them in every server process. Failed sign-ins
are counted per (user name, address), so no stranger can lock a user out.
"""

import sqlalchemy as sa
from alembic import op

import bursar.types

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

WHEN = bursar.types.UTCDateTime(length=32)


def upgrade() -> None:
    # Plain ADD COLUMN (not batch mode): a batch copy of a populated SQLite table trips
    # over the foreign keys that point at it.
    op.add_column("user", sa.Column("totp_secret", sa.String(), nullable=True))
    op.add_column("user", sa.Column("totp_last_step", sa.Integer(), nullable=True))
    op.add_column("user", sa.Column("password_changed_at", WHEN, nullable=True))
    op.add_column("inbox_item", sa.Column("held_by", sa.String(), nullable=True))
    op.add_column("inbox_item", sa.Column("signoff_by", sa.String(), nullable=True))
    op.add_column("inbox_item", sa.Column("signoff_at", WHEN, nullable=True))
    op.create_table(
        "user_session",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("user_name", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(), nullable=True),
        sa.Column("created_at", WHEN, nullable=True),
        sa.Column("last_seen_at", WHEN, nullable=True),
        sa.Column("expires_at", WHEN, nullable=True),
        sa.Column("revoked_at", WHEN, nullable=True),
        sa.Column("revoked_why", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_user_session_user_name", "user_session", ["user_name"], unique=False)
    op.create_table(
        "sign_in_throttle",
        sa.Column("name_key", sa.String(length=80), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_failed_at", WHEN, nullable=True),
        sa.PrimaryKeyConstraint("name_key", "address"),
    )


def downgrade() -> None:
    op.drop_table("sign_in_throttle")
    op.drop_index("ix_user_session_user_name", table_name="user_session")
    op.drop_table("user_session")
    # DROP COLUMN needs SQLite 3.35+ (Debian 12 has 3.40); PostgreSQL always had it.
    for column in ("signoff_at", "signoff_by", "held_by"):
        op.drop_column("inbox_item", column)
    for column in ("password_changed_at", "totp_last_step", "totp_secret"):
        op.drop_column("user", column)
