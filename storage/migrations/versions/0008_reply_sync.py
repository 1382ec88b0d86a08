"""The reply check's own Gmail history position, its failures in a row, and the Gmail units counted per day.

Revision ID: 0008
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("authorizations") as batch:
        batch.add_column(sa.Column("reply_history_id", sa.String(32), nullable=True))
        batch.add_column(sa.Column("replies_synced_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("reply_failures", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("units_day", sa.Date(), nullable=True))
        batch.add_column(sa.Column("units_today", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("authorizations") as batch:
        for column in ("units_today", "units_day", "reply_failures", "replies_synced_at", "reply_history_id"):
            batch.drop_column(column)
