"""passkeys and sealed secrets with key rotation

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07

Owned by issue 26 (passkeys, secrets at rest). Reserved in the fixed chain so that parallel work
lands side by side; a revision with nothing to do is a no-op.
"""

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
