"""The mailbox's own hash on each account, so a Gmail push (which names only the address) finds it.

Accounts connected before get it when their watch is first registered (the address is encrypted, so a
migration cannot compute it).

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("authorizations") as batch:
        batch.add_column(sa.Column("mailbox_hash", sa.String(64), nullable=True))
        batch.create_index("ix_authorizations_mailbox_hash", ["mailbox_hash"])


def downgrade() -> None:
    with op.batch_alter_table("authorizations") as batch:
        batch.drop_index("ix_authorizations_mailbox_hash")
        batch.drop_column("mailbox_hash")
