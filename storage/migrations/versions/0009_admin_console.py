"""The operators' console: when a person was last seen, and the indexes behind /stats.

Revision ID: 0009
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_index("ix_users_last_seen_at", ["last_seen_at"])
    op.create_index("ix_deletion_requests_broker_sent", "deletion_requests", ["broker_id", "sent_at"])
    op.create_index("ix_deletion_requests_sent", "deletion_requests", ["sent_at"])
    op.create_index(
        "ix_deletion_request_events_to_status", "deletion_request_events", ["to_status", "request_id", "at"]
    )


def downgrade() -> None:
    op.drop_index("ix_deletion_request_events_to_status", "deletion_request_events")
    op.drop_index("ix_deletion_requests_sent", "deletion_requests")
    op.drop_index("ix_deletion_requests_broker_sent", "deletion_requests")
    with op.batch_alter_table("users") as batch:
        batch.drop_index("ix_users_last_seen_at")
        batch.drop_column("last_seen_at")
