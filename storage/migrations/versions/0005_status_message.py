"""Remember each person's dashboard message, so the bot edits that one instead of posting new ones.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("status_message_id", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("status_digest", sa.String(16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("status_digest")
        batch.drop_column("status_message_id")
