"""claims: fee schedule columns and claim lines

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07

Owned by issue 27 (claims). Reserved in the fixed chain so that parallel work
lands side by side; a revision with nothing to do is a no-op.
"""

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
