"""audit trail: event signatures and key ids

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29

Owned by issue 11. Each open issue has its own revision in a fixed chain
(0002 durable ingest, 0003 audit signatures, 0004 inbox controls, 0005 bots,
0006 scheduler) so work on them can proceed side by side.

Every event gains the id of the key that signed it and an Ed25519 signature over
its hash (see ``bursar.audit.keys``). Events written before this revision stay
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


# PostgreSQL: no role but the table's owner may change or empty the trail, even one that
# default privileges (``bursar db roles``) granted everything on tables made later.
_PG_NARROW = """
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT DISTINCT CASE WHEN a.grantee = 0 THEN 'PUBLIC'
                                ELSE a.grantee::regrole::text END AS who
           FROM pg_class c, aclexplode(c.relacl) a
           WHERE c.oid = 'audit_event'::regclass AND a.grantee <> c.relowner
             AND a.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE', 'TRIGGER', 'REFERENCES')
  LOOP
    EXECUTE 'REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON audit_event FROM '
            || r.who;
  END LOOP;
END $$
"""


def upgrade() -> None:
    op.add_column("audit_event", sa.Column("key_id", sa.String(length=32), nullable=True))
    op.add_column("audit_event", sa.Column("sig", sa.String(length=128), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_NARROW)


def downgrade() -> None:
    # SQLite >= 3.35 drops a column in place (no copy), so the triggers stay.
    op.drop_column("audit_event", "sig")
    op.drop_column("audit_event", "key_id")
