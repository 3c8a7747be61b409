"""inbox list in SQL: indexes and search

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07

Owned by issue 26 (100k open items). The list sorts, filters, searches and pages in SQL:
three key columns on ``inbox_item`` (kept by ``bursar.listkeys`` at write time), a partial
index per sort order of the open view (``status IN ('open', 'hold')``) and per common filter,
an index for the other views, a trigram (pg_trgm GIN) index for search on PostgreSQL, and on
PostgreSQL a pattern index on ``audit_event.subject`` for the document page's timeline.
Existing items get their keys here.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

OPEN = sa.text("status IN ('open', 'hold')")
OPEN_INDEXES = {
    "ix_inbox_list_open_age": ["created_at", "id"],
    "ix_inbox_list_open_amount": [sa.text("COALESCE(CAST(amount AS NUMERIC), -1)"), "id"],
    "ix_inbox_list_open_vendor": ["vendor_sort", "created_at", "id"],
    "ix_inbox_list_open_reason": [sa.text("COALESCE(reason, '')"), "created_at", "id", "reason"],
    "ix_inbox_list_open_due": [sa.text("COALESCE(due_on, '9999-12-31')"), "id"],
    "ix_inbox_list_open_vendor_id": ["vendor_id", "created_at", "id"],
    "ix_inbox_list_open_assigned": ["assigned_to", "created_at", "id"],
}
INDEXES = {
    "ix_inbox_list_age": ["created_at", "id"],
    "ix_inbox_list_amount": [sa.text("COALESCE(CAST(amount AS NUMERIC), -1)"), "id"],
    "ix_inbox_list_status_age": ["status", "created_at", "id"],
}


def upgrade() -> None:
    pg = op.get_bind().dialect.name == "postgresql"
    sort_type = sa.String(200).with_variant(sa.String(200, collation="C"), "postgresql")
    op.add_column("inbox_item", sa.Column("vendor_sort", sort_type, nullable=True))
    op.add_column("inbox_item", sa.Column("search_text", sa.String(1000), nullable=True))
    op.add_column("inbox_item", sa.Column("due_on", sa.String(10), nullable=True))
    _backfill()
    for name, cols in OPEN_INDEXES.items():
        op.create_index(name, "inbox_item", cols, postgresql_where=OPEN, sqlite_where=OPEN)
    for name, cols in INDEXES.items():
        op.create_index(name, "inbox_item", cols)
    if pg:
        present = op.get_bind().execute(
            sa.text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        ).first()
        if present is None:  # `bursar db roles` makes it as the admin; else the owner must
            op.execute("CREATE EXTENSION pg_trgm")
        op.create_index(
            "ix_inbox_list_search",
            "inbox_item",
            ["search_text"],
            postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"},
        )
        op.create_index(
            "ix_audit_event_subject_prefix",
            "audit_event",
            ["subject"],
            postgresql_ops={"subject": "varchar_pattern_ops"},
        )


def _backfill() -> None:
    from bursar import listkeys

    conn = op.get_bind()
    docs = [r[0] for r in conn.execute(sa.text("SELECT DISTINCT document_id FROM inbox_item"))]
    listkeys.refresh(conn, docs)


def downgrade() -> None:
    pg = op.get_bind().dialect.name == "postgresql"
    if pg:
        op.drop_index("ix_audit_event_subject_prefix", table_name="audit_event")
        op.drop_index("ix_inbox_list_search", table_name="inbox_item")
    for name in [*INDEXES, *OPEN_INDEXES]:
        op.drop_index(name, table_name="inbox_item")
    with op.batch_alter_table("inbox_item") as batch:
        batch.drop_column("due_on")
        batch.drop_column("search_text")
        batch.drop_column("vendor_sort")
