"""inbox list in SQL: indexes and search

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07

Owned by issue 26 (100k open items). Reserved in the fixed chain so that parallel work
lands side by side; a revision with nothing to do is a no-op.
"""

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
