"""The operators' console: when a person was last seen, the indexes behind /stats, and broadcasts.

Revision ID: 0009
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# The status names as stored; a migration keeps its own copy, as later code may rename them.
REPLIED = ("acknowledged", "completed", "needs_verification", "needs_web_form", "no_data", "refused")
DONE = ("completed", "no_data")

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_index("ix_users_last_seen_at", ["last_seen_at"])
    with op.batch_alter_table("deletion_requests") as batch:
        batch.add_column(sa.Column("replied_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True))
    # Requests answered before this release: their first reply and completion from the history.
    for column, states in (("replied_at", REPLIED), ("completed_at", DONE)):
        listed = ", ".join(f"'{s}'" for s in states)
        op.execute(
            f"UPDATE deletion_requests SET {column} = (SELECT min(e.at) FROM deletion_request_events e "
            f"WHERE e.request_id = deletion_requests.id AND e.to_status IN ({listed}))"
        )
    op.create_index(
        "ix_deletion_requests_broker_sent",
        "deletion_requests",
        ["broker_id", "sent_at", "replied_at", "completed_at"],
    )
    op.create_index("ix_deletion_requests_sent", "deletion_requests", ["sent_at"])
    op.create_index("ix_deletion_requests_status", "deletion_requests", ["status"])

    op.create_table(
        "broadcasts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("recipients", sa.Integer(), nullable=False),
        sa.Column("cursor", sa.BigInteger(), nullable=False),
        sa.Column("progress_message_id", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_broadcasts")),
    )
    op.create_table(
        "broadcast_deliveries",
        sa.Column("broadcast_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["broadcast_id"],
            ["broadcasts.id"],
            name=op.f("fk_broadcast_deliveries_broadcast_id_broadcasts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_broadcast_deliveries_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("broadcast_id", "user_id", name=op.f("pk_broadcast_deliveries")),
    )


def downgrade() -> None:
    op.drop_table("broadcast_deliveries")
    op.drop_table("broadcasts")
    op.drop_index("ix_deletion_requests_status", "deletion_requests")
    op.drop_index("ix_deletion_requests_sent", "deletion_requests")
    op.drop_index("ix_deletion_requests_broker_sent", "deletion_requests")
    with op.batch_alter_table("deletion_requests") as batch:
        batch.drop_column("completed_at")
        batch.drop_column("replied_at")
    with op.batch_alter_table("users") as batch:
        batch.drop_index("ix_users_last_seen_at")
        batch.drop_column("last_seen_at")
