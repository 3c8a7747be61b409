"""directory sign-in: external identities (LDAP, OpenID Connect)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07

Owned by issue 26 (sign-in back ends). A user signed in through a directory or an
OpenID provider keeps a local shadow row in ``user``; ``external_identity`` says where it
comes from, and ``signin_token`` keeps an OIDC sign-in's (sealed) tokens for re-checks.
"""

import sqlalchemy as sa
from alembic import op

import bursar.types

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

WHEN = bursar.types.UTCDateTime(length=32)


def upgrade() -> None:
    op.create_table(
        "external_identity",
        sa.Column("user_name", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.String(), nullable=False),
        sa.Column("groups", bursar.types.JSONText(), nullable=True),
        sa.Column("synced_at", WHEN, nullable=True),
        sa.PrimaryKeyConstraint("user_name"),
    )
    op.create_table(
        "signin_token",
        sa.Column("session_id", sa.String(length=64), nullable=False),
        sa.Column("user_name", sa.String(length=64), nullable=False),
        sa.Column("access_token", sa.String(), nullable=False),
        sa.Column("refresh_token", sa.String(), nullable=True),
        sa.Column("expires_at", WHEN, nullable=True),
        sa.PrimaryKeyConstraint("session_id"),
    )
    op.create_index("ix_signin_token_user_name", "signin_token", ["user_name"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_signin_token_user_name", table_name="signin_token")
    op.drop_table("signin_token")
    op.drop_table("external_identity")
