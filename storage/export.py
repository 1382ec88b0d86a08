"""Everything stored about one person, decrypted, as plain JSON-ready data (for /export)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase

from brokers.ports import SecretBox
from storage.records import (
    AuditRecord,
    AuthorizationRecord,
    DeletionRequestEventRecord,
    DeletionRequestRecord,
    DiscoveryRecord,
    EmailScanRecord,
    ScheduledJobRecord,
    UserRecord,
)

# Secrets are never exported: they are ours to protect, and useless to the person.
_NEVER = {"tokens_enc", "epoch"}


def _row(record: DeclarativeBase, box: SecretBox) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column in record.__table__.columns:
        name = column.key
        value = getattr(record, name)
        if name in _NEVER or name.endswith("_hash"):
            continue
        if name.endswith("_enc") and isinstance(value, str):
            name, value = name.removesuffix("_enc"), box.decrypt(value)
            if value.startswith("{"):
                value = json.loads(value)
        if isinstance(value, datetime):
            value = value.isoformat()
        out[name] = value
    return out


async def export_user(session: AsyncSession, box: SecretBox, telegram_id: int) -> dict[str, Any]:
    user = await session.get(UserRecord, telegram_id)
    if user is None:
        return {}
    accounts = (
        await session.scalars(select(AuthorizationRecord).where(AuthorizationRecord.user_id == telegram_id))
    ).all()
    account_ids = [a.id for a in accounts]
    requests = (
        await session.scalars(
            select(DeletionRequestRecord).where(DeletionRequestRecord.user_id == telegram_id)
        )
    ).all()
    request_ids = [r.id for r in requests]
    events = (
        await session.scalars(
            select(DeletionRequestEventRecord).where(DeletionRequestEventRecord.request_id.in_(request_ids))
        )
    ).all()
    scans = (
        await session.scalars(
            select(EmailScanRecord).where(EmailScanRecord.authorization_id.in_(account_ids))
        )
    ).all()
    found = (
        await session.scalars(
            select(DiscoveryRecord).where(DiscoveryRecord.authorization_id.in_(account_ids))
        )
    ).all()
    jobs = (
        await session.scalars(select(ScheduledJobRecord).where(ScheduledJobRecord.user_id == telegram_id))
    ).all()
    audit = (await session.scalars(select(AuditRecord).where(AuditRecord.user_id == telegram_id))).all()
    profile = _row(user, box)
    return {
        "user": profile,
        "gmail_accounts": [_row(a, box) for a in accounts],
        "scans": [_row(s, box) for s in scans],
        "discoveries": [_row(d, box) for d in found],
        "deletion_requests": [_row(r, box) for r in requests],
        "deletion_request_events": [_row(e, box) for e in events],
        "scheduled_jobs": [_row(j, box) for j in jobs],
        "audit_log": [_row(a, box) for a in audit],
    }
