"""durable ingest: document stages, PostgreSQL document store

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29

Owned by issue 17. Each open issue has its own revision in a fixed chain
(0002 durable ingest, 0003 audit signatures, 0004 inbox controls, 0005 bots,
0006 scheduler) so work on them can proceed side by side.
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
