"""An operator's catalog file waits for their Apply in the database, so the tap may reach any instance.

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pending_catalog_imports",
        sa.Column("actor", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("preview_id", sa.String(16), nullable=False),
        sa.Column("format", sa.String(32), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("actor", name=op.f("pk_pending_catalog_imports")),
    )


def downgrade() -> None:
    op.drop_table("pending_catalog_imports")
