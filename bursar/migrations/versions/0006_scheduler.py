"""scheduler: schedules, runs, lease, alerts

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29

Owned by issue 14. Each open issue has its own revision in a fixed chain
(0002 durable ingest, 0003 audit signatures, 0004 inbox controls, 0005 bots,
0006 scheduler) so work on them can proceed side by side.
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
