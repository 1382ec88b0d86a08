"""Onboarding and settings: consent, then the details a letter needs, one question at a time."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace

from bot.log_secrets import keep_out_of_logs
from brokers.jurisdictions import is_known_jurisdiction
from brokers.ports import Clock, UnitOfWorkFactory
from brokers.profile import (
    SUPPORTED_LANGUAGES,
    NoticePace,
    Profile,
    ProfileField,
    Step,
    TelegramId,
    User,
    next_step,
    pick_language,
)
from brokers.profile_input import (
    Rejected,
    clean_address,
    clean_emails,
    clean_name,
    clean_phone,
    clean_timezone,
)

_OPTIONAL_TEXT_STEPS = {Step.EMAILS, Step.ADDRESS}
_TEXT_STEP_FIELD = {
    Step.NAME: ProfileField.NAME,
    Step.EMAILS: ProfileField.EMAILS,
    Step.ADDRESS: ProfileField.ADDRESS,
}


@dataclass(frozen=True, slots=True)
class Changed:
    """The user after a change that was applied."""

    user: User


@dataclass(frozen=True, slots=True)
class Unchanged:
    """Nothing was applied: the tap was a repeat, stale, or not expected now."""

    user: User | None


Outcome = Changed | Unchanged | Rejected
_Change = Callable[[User], User | None]


class OnboardingService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def user(self, telegram_id: TelegramId) -> User | None:
        async with self._uow() as uow:
            user = await uow.users.get(telegram_id)
        if user is not None:
            profile = user.profile
            keep_out_of_logs(profile.full_name, profile.postal_address, profile.phone, *profile.other_emails)
        return user

    async def set_quiet_hours(self, telegram_id: TelegramId, start: int | None, end: int | None) -> Outcome:
        """Hours (0-23, local time) when pushes wait; None for both turns them off."""
        if (start is None) != (end is None) or any(h is not None and not 0 <= h <= 23 for h in (start, end)):
            return Unchanged(None)
        return await self._update(telegram_id, lambda u: replace(u, quiet_start=start, quiet_end=end))

    async def set_notice_pace(self, telegram_id: TelegramId, pace: NoticePace) -> Outcome:
        """Routine updates in the weekly digest, or in the day's."""
        return await self._update(telegram_id, lambda u: replace(u, notice_pace=pace))

    async def set_share_domains(self, telegram_id: TelegramId, *, share: bool) -> Outcome:
        """Opt in to (or out of) counting the person's unknown sender domains, without their id."""
        return await self._update(telegram_id, lambda u: replace(u, share_domains=share))

    async def record_drop(self, telegram_id: TelegramId) -> Outcome:
        """The Californian submitted their request on the state's DROP platform today."""
        now = self._clock.now()
        return await self._update(telegram_id, lambda u: replace(u, drop_submitted_at=now))

    async def reactivate(self, telegram_id: TelegramId) -> None:
        """Someone wrote or tapped: note the hour they were seen, and if they had blocked the bot, pushes
        resume (both usually a no-op update)."""
        async with self._uow() as uow:
            back = await uow.users.set_active(telegram_id, active=True)
            if await uow.users.mark_seen(telegram_id, at=self._clock.now()) or back:
                await uow.commit()

    async def consent(self, telegram_id: TelegramId, telegram_language: str | None) -> Outcome:
        """Store the person for the first time; a second tap finds them and changes nothing."""
        user = User(
            telegram_id=telegram_id,
            language=pick_language(telegram_language),
            consent_at=self._clock.now(),
            epoch=secrets.token_hex(3),
        )
        async with self._uow() as uow:
            created = await uow.users.claim_consent(user)
            if not created:
                return Unchanged(await uow.users.get(telegram_id))
            await uow.audit.record(action="consent", actor=telegram_id, user_id=telegram_id)
            await uow.commit()
        return Changed(user)

    async def submit_text(self, telegram_id: TelegramId, text: str) -> Outcome:
        """Apply typed text to the field being edited, or to the current onboarding question."""
        async with self._uow() as uow:
            user = await uow.users.get(telegram_id)
            if user is None:
                return Unchanged(None)
            field = user.editing or _TEXT_STEP_FIELD.get(user.step)
            if field is None:
                return Unchanged(user)
            updated = _apply_field(user, field, text)
            if isinstance(updated, Rejected):
                return updated
            if user.editing is None:
                updated = replace(updated, step=next_step(user.step))
            updated = replace(updated, editing=None)
            await uow.users.save(updated)
            await uow.commit()
        return Changed(updated)

    async def skip(self, telegram_id: TelegramId, step: Step) -> Outcome:
        """Skip an optional question, only if it is the one being asked (so a double tap skips once)."""
        return await self._update(
            telegram_id,
            lambda u: (
                replace(u, step=next_step(step)) if u.step is step and step in _OPTIONAL_TEXT_STEPS else None
            ),
        )

    async def set_jurisdiction(self, telegram_id: TelegramId, code: str) -> Outcome:
        if not is_known_jurisdiction(code):
            return Unchanged(None)
        return await self._update(
            telegram_id, lambda u: _advance(replace(u, jurisdiction=code), Step.JURISDICTION)
        )

    async def set_language(self, telegram_id: TelegramId, language: str) -> Outcome:
        if language not in SUPPORTED_LANGUAGES:
            return Unchanged(None)
        return await self._update(
            telegram_id, lambda u: _advance(replace(u, language=language), Step.LANGUAGE)
        )

    async def start_editing(self, telegram_id: TelegramId, field: ProfileField) -> Outcome:
        return await self._update(telegram_id, lambda u: replace(u, editing=field))

    async def clear_field(self, telegram_id: TelegramId, field: ProfileField) -> Outcome:
        """Remove an optional detail (the name is required and cannot be cleared)."""
        if field is ProfileField.NAME:
            return Unchanged(None)
        return await self._update(
            telegram_id, lambda u: replace(u, editing=None, profile=_with_field(u.profile, field, None))
        )

    async def cancel_editing(self, telegram_id: TelegramId) -> Outcome:
        return await self._update(telegram_id, lambda u: replace(u, editing=None) if u.editing else None)

    async def _update(self, telegram_id: TelegramId, change: _Change) -> Outcome:
        async with self._uow() as uow:
            user = await uow.users.get(telegram_id)
            if user is None:
                return Unchanged(None)
            updated = change(user)
            if updated is None or updated == user:
                return Unchanged(user)
            await uow.users.save(updated)
            await uow.commit()
        return Changed(updated)


def _advance(user: User, answered: Step) -> User:
    """Move past `answered` when it is the current onboarding question; settings edits stay put."""
    return replace(user, step=next_step(answered)) if user.step is answered else user


def _with_field(profile: Profile, field: ProfileField, value: str | tuple[str, ...] | None) -> Profile:
    """The profile with one detail replaced (None or an empty tuple removes it)."""
    if field is ProfileField.EMAILS:
        return replace(profile, other_emails=value if isinstance(value, tuple) else ())
    text = value if isinstance(value, str) else None
    if field is ProfileField.NAME:
        return replace(profile, full_name=text)
    if field is ProfileField.PHONE:
        return replace(profile, phone=text)
    return replace(profile, postal_address=text)


def _apply_field(user: User, field: ProfileField, text: str) -> User | Rejected:
    if field is ProfileField.TIMEZONE:
        zone = clean_timezone(text)
        return zone if isinstance(zone, Rejected) else replace(user, timezone=zone)
    cleaner = {
        ProfileField.NAME: clean_name,
        ProfileField.EMAILS: clean_emails,
        ProfileField.ADDRESS: clean_address,
        ProfileField.PHONE: clean_phone,
    }[field]
    value = cleaner(text)
    if isinstance(value, Rejected):
        return value
    return replace(user, profile=_with_field(user.profile, field, value))
