"""directory sign-in: external identities (LDAP, OpenID Connect)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07

Owned by issue 26 (sign-in back ends). Reserved in the fixed chain so that parallel work
lands side by side; a revision with nothing to do is a no-op.
"""

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
