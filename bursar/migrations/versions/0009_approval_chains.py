"""approval chains, delegation and escalation

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07

Owned by issue 26 (approval chains). Reserved in the fixed chain so that parallel work
lands side by side; a revision with nothing to do is a no-op.
"""

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
