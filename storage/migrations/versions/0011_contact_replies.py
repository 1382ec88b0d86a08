"""/contacts counts the replies that refuse e-mail or ask for the web form: an index on the history's reason.

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_deletion_request_events_reason", "deletion_request_events", ["reason", "at"])


def downgrade() -> None:
    op.drop_index("ix_deletion_request_events_reason", table_name="deletion_request_events")
