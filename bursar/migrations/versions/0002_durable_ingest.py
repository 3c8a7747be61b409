"""durable ingest: document stages, the Procrastinate schema on PostgreSQL

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29

Owned by issue 17. Each open issue has its own revision in a fixed chain
(0002 durable ingest, 0003 audit signatures, 0004 inbox controls, 0005 bots,
0006 scheduler) so work on them can proceed side by side.

Documents gain a stage (received -> processing -> decided) with the time it was
entered, so a crash at any moment leaves a visible, re-drivable state. On
PostgreSQL the Procrastinate job tables are created here too: the queue lives in
the same database, so a document's job is deferred in the transaction that
records the document.
"""

import sqlalchemy as sa
from alembic import op

import bursar.types

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN, not batch mode: on SQLite a batch copy would drop and re-create
    # the document table, which the foreign keys of a populated database refuse.
    op.add_column(
        "document", sa.Column("stage", sa.String(), nullable=False, server_default="received")
    )
    op.add_column("document", sa.Column("stage_at", bursar.types.UTCDateTime(length=32)))
    op.add_column(
        "document", sa.Column("attempts", sa.Integer(), nullable=False, server_default="0")
    )
    op.create_index("ix_document_stage", "document", ["stage"], unique=False)
    # Documents decided before stages existed are decided.
    op.execute(
        "UPDATE document SET stage = 'decided' "
        "WHERE status IN ('approved', 'exception', 'rejected', 'duplicate')"
    )
    bind = op.get_bind()
    if bind.dialect.name == "postgresql" and not sa.inspect(bind).has_table("procrastinate_jobs"):
        from procrastinate.schema import SchemaManager

        # Through the driver without parameters: the schema's '%' are not placeholders.
        with bind.connection.driver_connection.cursor() as cur:
            cur.execute(SchemaManager.get_schema())
    # --- document store blobs (issue 17, PostgreSQL store) go below this line ---
    # Originals when store = postgresql (bursar/store/pg.py). Created on SQLite too, so
    # the schema is one on both databases; only PostgreSQL ever fills it.
    op.create_table(
        "document_blob",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("created", bursar.types.UTCDateTime(length=32), nullable=True),
        sa.PrimaryKeyConstraint("sha256"),
    )
    if bind.dialect.name == "postgresql":
        # PDFs and scans are compressed already: store them out of line, uncompressed.
        op.execute("ALTER TABLE document_blob ALTER COLUMN data SET STORAGE EXTERNAL")


def downgrade() -> None:
    op.drop_table("document_blob")
    # --- document store blobs (issue 17, PostgreSQL store) go above this line ---
    op.drop_index("ix_document_stage", table_name="document")
    for column in ("attempts", "stage_at", "stage"):
        op.drop_column("document", column)
