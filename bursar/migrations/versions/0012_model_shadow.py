"""models: shadow runs

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07

Owned by issue 25 (shadow evaluation). Reserved in the fixed chain so that parallel work
lands side by side; a revision with nothing to do is a no-op.
"""

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
