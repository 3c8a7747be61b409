"""scheduler: schedules, runs, lease, alerts

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29

Owned by issue 14. Each open issue has its own revision in a fixed chain
(0002 durable ingest, 0003 audit signatures, 0004 inbox controls, 0005 bots,
0006 scheduler) so work on them can proceed side by side.
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bursar.types

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_RUN_COLUMNS = (
    ("fire_time", lambda: bursar.types.UTCDateTime(length=32)),
    ("due_at", lambda: bursar.types.UTCDateTime(length=32)),
    ("error_type", lambda: sqlmodel.sql.sqltypes.AutoString()),
    ("duration_s", lambda: sa.Float()),
    ("items", lambda: sa.Integer()),
    ("log_tail", lambda: sqlmodel.sql.sqltypes.AutoString()),
    ("result", lambda: bursar.types.JSONText()),
    ("actor", lambda: sqlmodel.sql.sqltypes.AutoString()),
    ("host", lambda: sqlmodel.sql.sqltypes.AutoString()),
)


def _when(name: str) -> sa.Column:
    return sa.Column(name, bursar.types.UTCDateTime(length=32), nullable=True)


def _text(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sqlmodel.sql.sqltypes.AutoString(), nullable=nullable)


def upgrade() -> None:
    with op.batch_alter_table("job_run", schema=None) as batch_op:
        for name, kind in _RUN_COLUMNS:
            batch_op.add_column(sa.Column(name, kind(), nullable=True))
        batch_op.add_column(
            sa.Column("cancel_requested", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.create_index("ux_job_run_fire", ["job", "fire_time", "attempt"], unique=True)

    op.create_table(
        "schedule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        _text("kind", False),
        _text("target", False),
        _text("trigger_kind", False),
        _text("trigger_expr", False),
        _text("timezone", False),
        _text("calendar"),
        sa.Column("calendar_dates", bursar.types.JSONText(), nullable=True),
        sa.Column("timeout_s", sa.Integer(), nullable=False),
        sa.Column("retries", sa.Integer(), nullable=False),
        sa.Column("backoff_s", sa.Integer(), nullable=False),
        _text("overlap", False),
        sa.Column("misfire_grace_s", sa.Integer(), nullable=False),
        sa.Column("sla_s", sa.Integer(), nullable=True),
        sa.Column("max_failures", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        _text("paused_by"),
        _when("paused_at"),
        _text("disabled_reason"),
        sa.Column("consecutive_failures", sa.Integer(), nullable=False),
        _when("next_fire_at"),
        _when("last_fire_at"),
        _text("source", False),
        _when("updated_at"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "scheduler_lease",
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        _text("holder", False),
        _when("acquired_at"),
        _when("heartbeat_at"),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "alert",
        sa.Column("id", sa.Integer(), nullable=False),
        _text("kind", False),
        _text("subject", False),
        _text("message", False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        _when("created_at"),
        sa.Column("emailed", sa.Boolean(), nullable=False),
        _text("email_error"),
        _text("acknowledged_by"),
        _when("acknowledged_at"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_alert_kind", "alert", ["kind"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_alert_kind", table_name="alert")
    op.drop_table("alert")
    op.drop_table("scheduler_lease")
    op.drop_table("schedule")
    with op.batch_alter_table("job_run", schema=None) as batch_op:
        batch_op.drop_index("ux_job_run_fire")
        batch_op.drop_column("cancel_requested")
        for name, _kind in reversed(_RUN_COLUMNS):
            batch_op.drop_column(name)
