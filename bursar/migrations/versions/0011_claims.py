"""claims: fee schedule columns (modifier, place of service, units per day)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07

Owned by issue 27 (claims). A fee schedule row is for a code, optionally one modifier
and/or one place of service (empty: any), with the most units a patient may have on one
day; the key becomes (code, modifier, place_of_service).
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bursar.types

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None
KEY = ("code", "modifier", "place_of_service")


def upgrade() -> None:
    with op.batch_alter_table("fee_schedule_item", recreate="always") as batch_op:
        batch_op.add_column(
            sa.Column(
                "modifier",
                sqlmodel.sql.sqltypes.AutoString(length=8),
                nullable=False,
                server_default="",
            )
        )
        batch_op.add_column(
            sa.Column(
                "place_of_service",
                sqlmodel.sql.sqltypes.AutoString(length=4),
                nullable=False,
                server_default="",
            )
        )
        batch_op.add_column(
            sa.Column("max_units_per_day", bursar.types.DecimalText(length=40), nullable=True)
        )
        # the table is copied; its key becomes the three columns (named anew: PostgreSQL
        # still holds the old table's key name while the copy is made)
        batch_op.create_primary_key("pk_fee_schedule_item", list(KEY))


def downgrade() -> None:
    op.execute("DELETE FROM fee_schedule_item WHERE modifier <> '' OR place_of_service <> ''")
    with op.batch_alter_table("fee_schedule_item", recreate="always") as batch_op:
        batch_op.drop_column("max_units_per_day")
        batch_op.drop_column("place_of_service")
        batch_op.drop_column("modifier")
        batch_op.create_primary_key("pk_fee_schedule_item_code", ["code"])
