"""The SQL repository of users; the letter details are stored as one encrypted JSON document."""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from brokers.dashboard import ShownStatus
from brokers.ports import Clock, SecretBox
from brokers.profile import NoticePace, Profile, ProfileField, QuietHours, Step, TelegramId, User
from storage.export import export_user
from storage.records import AuditRecord, UserRecord


def _profile_json(profile: Profile) -> str:
    return json.dumps(
        {
            "full_name": profile.full_name,
            "other_emails": list(profile.other_emails),
            "postal_address": profile.postal_address,
            "phone": profile.phone,
        }
    )


def _profile_from_json(text: str) -> Profile:
    data = json.loads(text)
    return Profile(
        full_name=data.get("full_name"),
        other_emails=tuple(data.get("other_emails", ())),
        postal_address=data.get("postal_address"),
        phone=data.get("phone"),
    )


class SqlUserRepository:
    def __init__(self, session: AsyncSession, box: SecretBox, clock: Clock) -> None:
        self._session = session
        self._box = box
        self._clock = clock

    async def get(self, telegram_id: TelegramId) -> User | None:
        record = await self._session.get(UserRecord, telegram_id, populate_existing=True)
        return None if record is None else self._to_user(record)

    async def quiet_hours_of(self, telegram_ids: Collection[TelegramId]) -> list[QuietHours]:
        # Columns, not records: a reply-check sweep asks this of every due account's owner.
        rows = await self._session.execute(
            select(UserRecord.id, UserRecord.timezone, UserRecord.quiet_start, UserRecord.quiet_end).where(
                UserRecord.id.in_(list(telegram_ids))
            )
        )
        return [QuietHours(TelegramId(i), zone, start, end) for i, zone, start, end in rows]

    async def claim_consent(self, user: User) -> bool:
        try:
            async with self._session.begin_nested():
                self._session.add(self._new_record(user))
        except IntegrityError:
            return False
        return True

    async def save(self, user: User) -> None:
        record = await self._session.get(UserRecord, user.telegram_id)
        if record is None:
            self._session.add(self._new_record(user))
            return
        self._fill(record, user)

    async def delete(self, telegram_id: TelegramId) -> bool:
        await self._session.execute(delete(AuditRecord).where(AuditRecord.actor == telegram_id))
        result = await self._session.execute(delete(UserRecord).where(UserRecord.id == telegram_id))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def set_active(self, telegram_id: TelegramId, *, active: bool) -> bool:
        """Mark the person (in)active; True only if that changed something (so it is noted once)."""
        result = await self._session.execute(
            update(UserRecord)
            .where(UserRecord.id == telegram_id, UserRecord.active.is_(not active))
            .values(active=active, updated_at=self._clock.now())
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def mark_seen(self, telegram_id: TelegramId, *, at: datetime) -> bool:
        hour = at.replace(minute=0, second=0, microsecond=0)
        result = await self._session.execute(
            update(UserRecord)
            .where(
                UserRecord.id == telegram_id,
                or_(UserRecord.last_seen_at.is_(None), UserRecord.last_seen_at < hour),
            )
            .values(last_seen_at=hour)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def export(self, telegram_id: TelegramId) -> Mapping[str, Any]:
        return await export_user(self._session, self._box, telegram_id)

    async def status_message(self, telegram_id: TelegramId) -> ShownStatus | None:
        row = (
            await self._session.execute(
                select(UserRecord.status_message_id, UserRecord.status_digest).where(
                    UserRecord.id == telegram_id
                )
            )
        ).one_or_none()
        if row is None or row.status_message_id is None:
            return None
        return ShownStatus(row.status_message_id, row.status_digest or "")

    async def set_status_message(self, telegram_id: TelegramId, shown: ShownStatus | None) -> bool:
        # Not a change of the person's settings, so updated_at stays as it was.
        result = await self._session.execute(
            update(UserRecord)
            .where(UserRecord.id == telegram_id)
            .values(
                status_message_id=shown.message_id if shown else None,
                status_digest=shown.digest if shown else None,
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def all_ids(self) -> list[int]:
        return list((await self._session.scalars(select(UserRecord.id))).all())

    def _new_record(self, user: User) -> UserRecord:
        now = self._clock.now()
        record = UserRecord(id=user.telegram_id, created_at=now)
        self._fill(record, user)
        return record

    def _fill(self, record: UserRecord, user: User) -> None:
        record.language = user.language
        record.jurisdiction = user.jurisdiction
        record.timezone = user.timezone
        record.quiet_start = user.quiet_start
        record.quiet_end = user.quiet_end
        record.consent_at = user.consent_at
        record.profile_enc = self._box.encrypt(_profile_json(user.profile))
        record.step = user.step.value
        record.editing = user.editing.value if user.editing else None
        record.epoch = user.epoch
        record.active = user.active
        record.drop_submitted_at = user.drop_submitted_at
        record.notice_pace = user.notice_pace.value
        record.share_domains = user.share_domains
        record.domains_shared_at = user.domains_shared_at
        record.updated_at = self._clock.now()

    def _to_user(self, record: UserRecord) -> User:
        return User(
            telegram_id=TelegramId(record.id),
            language=record.language,
            consent_at=record.consent_at,
            epoch=record.epoch,
            jurisdiction=record.jurisdiction,
            timezone=record.timezone,
            quiet_start=record.quiet_start,
            quiet_end=record.quiet_end,
            profile=_profile_from_json(self._box.decrypt(record.profile_enc)),
            step=Step(record.step),
            editing=ProfileField(record.editing) if record.editing else None,
            active=record.active,
            drop_submitted_at=record.drop_submitted_at,
            notice_pace=NoticePace(record.notice_pace),
            share_domains=record.share_domains,
            domains_shared_at=record.domains_shared_at,
        )
