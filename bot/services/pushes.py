"""Pushing notices to a person: held through their quiet hours, several in one message, never to a
person who blocked the bot (they are marked inactive until they write again); acknowledgements wait
for the weekly digest of a person who chose it."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Collection, Sequence
from datetime import datetime

from brokers.classify import ReplyClass
from brokers.digest import digest_slot, is_weekly
from brokers.jobs import JobError, Postpone
from brokers.notices import BrokerReplied, DueNotice, Notice
from brokers.notify import Button, DeliveryStatus, Notifier
from brokers.ports import Clock, UnitOfWorkFactory
from brokers.profile import QuietHours, TelegramId, User
from brokers.quiet_hours import next_allowed_time
from brokers.requests import RequestId

log = logging.getLogger(__name__)

# Renders notices in the person's language: (text, rows of buttons). Lives in the chat layer.
Render = Callable[[User, Sequence[Notice]], tuple[str, list[list[Button]]]]
# Arms a durable notice for the digest at `at`: (person, request, kind, at).
Hold = Callable[[TelegramId, RequestId, DueNotice, datetime], Awaitable[None]]


class PushDelivery:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        notifier: Notifier,
        clock: Clock,
        render: Render,
        hold: Hold | None = None,
    ) -> None:
        self._uow = uow
        self._notifier = notifier
        self._clock = clock
        self._render = render
        self._hold_for_digest = hold

    async def user(self, telegram_id: TelegramId) -> User | None:
        async with self._uow() as uow:
            return await uow.users.get(telegram_id)

    async def quiet_until(self, telegram_id: TelegramId) -> Postpone | None:
        """A postponement to the end of the person's quiet hours, if they are in them now."""
        async with self._uow() as uow:
            user = await uow.users.get(telegram_id)
        return None if user is None else self._hold(user.quiet_hours)

    async def quiet_until_all(self, telegram_ids: Collection[TelegramId]) -> dict[TelegramId, Postpone]:
        """`quiet_until` of many people in one read: those in their quiet hours now, and until when."""
        async with self._uow() as uow:
            quiet = await uow.users.quiet_hours_of(telegram_ids)
        return {hours.telegram_id: held for hours in quiet if (held := self._hold(hours)) is not None}

    async def deliver(self, telegram_id: TelegramId, notices: Sequence[Notice]) -> Postpone | None:
        if not notices:
            return None
        async with self._uow() as uow:
            user = await uow.users.get(telegram_id)
        if user is None or not user.active:
            return None
        held = self._hold(user.quiet_hours)
        if held is not None:
            return held
        notices = await self._keep_routine(user, notices)
        if not notices:
            return None
        text, buttons = self._render(user, notices)
        delivery = await self._notifier.send(telegram_id, text, buttons=buttons or None)
        if delivery.status is DeliveryStatus.BLOCKED:
            await self.mark_blocked(telegram_id)
        elif not delivery.is_delivered:
            raise JobError(delivery.error or "push failed", permanent=not delivery.retryable)
        return None

    async def mark_blocked(self, telegram_id: TelegramId) -> None:
        async with self._uow() as uow:
            if await uow.users.set_active(telegram_id, active=False):
                await uow.audit.record(action="blocked_bot", actor=None, user_id=telegram_id)
            await uow.commit()
        log.info("person blocked the bot; pushes stop", extra={"user": telegram_id})

    async def _keep_routine(self, user: User, notices: Sequence[Notice]) -> Sequence[Notice]:
        """Hand acknowledgements to the weekly digest where the person chose it; the rest go now."""
        kind = DueNotice.ACKNOWLEDGED
        if self._hold_for_digest is None or not is_weekly(user, kind):
            return notices
        now, hold = self._clock.now(), self._hold_for_digest
        keep: list[Notice] = []
        for notice in notices:
            if isinstance(notice, BrokerReplied) and notice.reply is ReplyClass.ACKNOWLEDGED:
                await hold(user.telegram_id, notice.request_id, kind, digest_slot(user, now, weekly=True))
            else:
                keep.append(notice)
        return keep

    def _hold(self, quiet: QuietHours) -> Postpone | None:
        now = self._clock.now()
        allowed = next_allowed_time(
            now, timezone=quiet.timezone, quiet_start=quiet.start, quiet_end=quiet.end
        )
        return Postpone(allowed) if allowed > now else None
