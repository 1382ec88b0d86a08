"""The ORM records: the whole schema of DESIGN.md section 5; columns ending in _enc hold ciphertext."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.sql import false
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Timestamp(TypeDecorator[datetime]):
    """Timezone-aware UTC in and out; SQLite would otherwise hand back naive datetimes."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a timestamp column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, datetime: Timestamp()}


class UserRecord(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    language: Mapped[str] = mapped_column(String(8))
    jurisdiction: Mapped[str | None] = mapped_column(String(8))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    quiet_start: Mapped[int | None] = mapped_column(SmallInteger)
    quiet_end: Mapped[int | None] = mapped_column(SmallInteger)
    consent_at: Mapped[datetime]
    profile_enc: Mapped[str] = mapped_column(Text)
    step: Mapped[str] = mapped_column(String(16))
    editing: Mapped[str | None] = mapped_column(String(16))
    epoch: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    drop_submitted_at: Mapped[datetime | None]
    notice_pace: Mapped[str] = mapped_column(String(16), default="weekly", server_default="weekly")
    share_domains: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    domains_shared_at: Mapped[datetime | None]
    status_message_id: Mapped[int | None] = mapped_column(BigInteger)
    status_digest: Mapped[str | None] = mapped_column(String(16))
    # When the person last wrote or tapped, to the hour: the operators' "active in 7/30 days".
    last_seen_at: Mapped[datetime | None] = mapped_column(index=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class SharedDomainRecord(Base):
    """Sender domains not in the catalog, from opted-in deep scans: how many people saw each. There is
    deliberately no user id here; the operators see a domain only once several people saw it."""

    __tablename__ = "shared_sender_domains"

    domain: Mapped[str] = mapped_column(String(253), primary_key=True)
    people: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime]


class AuthorizationRecord(Base):
    """A connected Gmail account; the address is encrypted, its keyed hash keeps it unique per user."""

    __tablename__ = "authorizations"
    __table_args__ = (UniqueConstraint("user_id", "address_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    address_enc: Mapped[str] = mapped_column(Text)
    address_hash: Mapped[str] = mapped_column(String(64))
    tokens_enc: Mapped[str] = mapped_column(Text)
    scopes: Mapped[str] = mapped_column(String(512))
    history_id: Mapped[str | None] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # The reply check's own position, apart from the scan's: a scan must never move it past mail
    # the reply check has not read yet.
    reply_history_id: Mapped[str | None] = mapped_column(String(32))
    replies_synced_at: Mapped[datetime | None]
    reply_failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    units_day: Mapped[date | None] = mapped_column(Date)
    units_today: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The mailbox's own hash (no user in it): a Gmail push names only the address.
    mailbox_hash: Mapped[str | None] = mapped_column(String(64), index=True)


class OAuthStateRecord(Base):
    """A pending authorisation: the state is stored hashed, the PKCE verifier encrypted."""

    __tablename__ = "oauth_states"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    state_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    verifier_enc: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)
    used_at: Mapped[datetime | None]
    confirm_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    pending_enc: Mapped[str | None] = mapped_column(Text)


class DataBrokerRecord(Base):
    """An admin's override of, or addition to, the bundled catalog."""

    __tablename__ = "data_brokers"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    record: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime]
    updated_by: Mapped[int | None] = mapped_column(BigInteger)


class PendingImportRecord(Base):
    """An operator's catalog file between its dry run and their Apply (one per operator)."""

    __tablename__ = "pending_catalog_imports"

    actor: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    preview_id: Mapped[str] = mapped_column(String(16))
    format: Mapped[str] = mapped_column(String(32))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime]


class EmailScanRecord(Base):
    __tablename__ = "email_scans"
    __table_args__ = (Index("ix_email_scans_authorization_status", "authorization_id", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    authorization_id: Mapped[int] = mapped_column(ForeignKey("authorizations.id", ondelete="CASCADE"))
    mode: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    cursor: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    messages_seen: Mapped[int] = mapped_column(Integer, default=0)
    brokers_found: Mapped[int] = mapped_column(Integer, default=0)
    quota_units: Mapped[int] = mapped_column(Integer, default=0)
    since: Mapped[datetime | None]
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(String(64))
    progress_message_id: Mapped[int | None] = mapped_column(BigInteger)


class DiscoveryRecord(Base):
    """A broker found in one mailbox: counts and dates only, never any message content."""

    __tablename__ = "discoveries"
    __table_args__ = (UniqueConstraint("authorization_id", "broker_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    authorization_id: Mapped[int] = mapped_column(ForeignKey("authorizations.id", ondelete="CASCADE"))
    broker_id: Mapped[str] = mapped_column(String(64))
    message_count: Mapped[int] = mapped_column(Integer)
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]
    scan_id: Mapped[int | None] = mapped_column(ForeignKey("email_scans.id", ondelete="SET NULL"))


class DeletionRequestRecord(Base):
    __tablename__ = "deletion_requests"
    __table_args__ = (
        Index("ix_deletion_requests_user_status", "user_id", "status"),
        Index("ix_deletion_requests_deadline", "deadline_at"),
        # The operators' league table groups the sent letters by broker (read from this index alone);
        # /stats counts letters by day.
        Index("ix_deletion_requests_broker_sent", "broker_id", "sent_at", "replied_at", "completed_at"),
        Index("ix_deletion_requests_sent", "sent_at"),
        Index("ix_deletion_requests_status", "status"),  # /stats counts requests by state
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    authorization_id: Mapped[int | None] = mapped_column(ForeignKey("authorizations.id", ondelete="SET NULL"))
    # The address key of the mailbox a draft was for, while that mailbox is disconnected: when the
    # same address connects again, its drafts come back to it.
    parked_address_hash: Mapped[str | None] = mapped_column(String(64))
    broker_id: Mapped[str] = mapped_column(String(64))
    law: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(8))
    recipient: Mapped[str | None] = mapped_column(String(320))
    status: Mapped[str] = mapped_column(String(24))
    message_id_header: Mapped[str | None] = mapped_column(String(255), unique=True)
    gmail_message_id: Mapped[str | None] = mapped_column(String(64))
    gmail_thread_id: Mapped[str | None] = mapped_column(String(64))
    sent_at: Mapped[datetime | None]
    # The first reply and the completion (or "no data held"), for the operators' league table.
    replied_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    deadline_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class DeletionRequestEventRecord(Base):
    """The append-only status history of a request."""

    __tablename__ = "deletion_request_events"
    # /contacts counts the replies of one class ("reply: needs_web_form") per broker.
    __table_args__ = (Index("ix_deletion_request_events_reason", "reason", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("deletion_requests.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[str | None] = mapped_column(String(24))
    to_status: Mapped[str] = mapped_column(String(24))
    at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(String(64))
    evidence: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class ScheduledJobRecord(Base):
    """Durable due work; a worker claims a row until `claimed_until`, so a crash only delays it."""

    __tablename__ = "scheduled_jobs"
    __table_args__ = (Index("ix_scheduled_jobs_due", "done_at", "due_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("deletion_requests.id", ondelete="CASCADE"))
    dedupe_key: Mapped[str | None] = mapped_column(String(128), unique=True)
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    due_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[datetime | None]
    done_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(200))


class AuditRecord(Base):
    """Sensitive operations; rows about a person go with them on erasure, the erasure row stays."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor: Mapped[int | None] = mapped_column(BigInteger)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(48))
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class BroadcastRecord(Base):
    """An operators' broadcast; `cursor` is the last recipient id handed out, so a restart goes on."""

    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    created_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime]
    state: Mapped[str] = mapped_column(String(16))
    recipients: Mapped[int] = mapped_column(Integer)
    cursor: Mapped[int] = mapped_column(BigInteger, default=0)
    progress_message_id: Mapped[int | None] = mapped_column(BigInteger)


class BroadcastDeliveryRecord(Base):
    """One recipient of a broadcast; the primary key is what makes a second send impossible."""

    __tablename__ = "broadcast_deliveries"

    broadcast_id: Mapped[int] = mapped_column(
        ForeignKey("broadcasts.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    outcome: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime]
