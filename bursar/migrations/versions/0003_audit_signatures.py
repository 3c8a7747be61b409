"""audit trail: event signatures and key ids

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29

Owned by issue 11. Each open issue has its own revision in a fixed chain
(0002 durable ingest, 0003 audit signatures, 0004 inbox controls, 0005 bots,
0006 scheduler) so work on them can proceed side by side.

Every event gains the id of the key that signed it and an Ed25519 signature over
its hash (see ``bursar.audit_keys``). Events written before this revision stay
unsigned; ``bursar audit verify`` accepts them only before the first signed one.

Plain ADD/DROP COLUMN, never batch mode: on SQLite a batch copy re-creates the
table, which would drop the append-only triggers of 0001. Adding a nullable column
rewrites no row, so the UPDATE trigger does not fire.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("audit_event", sa.Column("key_id", sa.String(length=32), nullable=True))
    op.add_column("audit_event", sa.Column("sig", sa.String(length=128), nullable=True))


def downgrade() -> None:
    # SQLite >= 3.35 drops a column in place (no copy), so the triggers stay.
    op.drop_column("audit_event", "sig")
    op.drop_column("audit_event", "key_id")
