"""Skips that stick, and sharing unknown sender domains only by choice and without user ids.

Requests skipped before this revision were closed; the latest of them per person and company becomes
`skipped` (unless a newer request is open), so a rescan does not bring those companies back either.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SKIPS_TO_KEEP = """
UPDATE deletion_requests SET status = 'skipped'
WHERE status = 'closed'
  AND id IN (
    SELECT request_id FROM deletion_request_events
    WHERE to_status = 'closed' AND reason = 'skipped by the person'
  )
  AND id = (
    SELECT max(latest.id) FROM deletion_requests AS latest
    WHERE latest.user_id = deletion_requests.user_id AND latest.broker_id = deletion_requests.broker_id
  )
"""


def upgrade() -> None:
    # Plain ALTER TABLE, not a batch: SQLite's batch mode copies and drops `users`, and with foreign keys
    # on, dropping it cascades into every row that belongs to a user.
    op.add_column(
        "users", sa.Column("share_domains", sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    op.add_column("users", sa.Column("domains_shared_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "shared_sender_domains",
        sa.Column("domain", sa.String(length=253), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("domain", name=op.f("pk_shared_sender_domains")),
    )
    op.execute(_SKIPS_TO_KEEP)


def downgrade() -> None:
    op.execute("UPDATE deletion_requests SET status = 'closed' WHERE status = 'skipped'")
    op.drop_table("shared_sender_domains")
    op.drop_column("users", "domains_shared_at")  # SQLite 3.35+ drops a column in place
    op.drop_column("users", "share_domains")
