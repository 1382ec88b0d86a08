"""Remember how a person wants routine updates: in a weekly digest (the default) or in the day's.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("notice_pace", sa.String(16), nullable=False, server_default="weekly"))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("notice_pace")
