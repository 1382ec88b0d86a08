"""Pushing notices to a person: held through their quiet hours, several in one message, never to a
person who blocked the bot (they are marked inactive until they write again)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from brokers.jobs import JobError, Postpone
from brokers.notices import Notice
from brokers.notify import Button, DeliveryStatus, Notifier
from brokers.ports import Clock, UnitOfWorkFactory
from brokers.profile import TelegramId, User
from brokers.quiet_hours import next_allowed_time

log = logging.getLogger(__name__)

# Renders notices in the person's language: (text, rows of buttons). Lives in the chat layer.
Render = Callable[[User, Sequence[Notice]], tuple[str, list[list[Button]]]]


class PushDelivery:
    def __init__(self, uow: UnitOfWorkFactory, notifier: Notifier, clock: Clock, render: Render) -> None:
        self._uow = uow
        self._notifier = notifier
        self._clock = clock
        self._render = render

    async def quiet_until(self, telegram_id: TelegramId) -> Postpone | None:
        """A postponement to the end of the person's quiet hours, if they are in them now."""
        async with self._uow() as uow:
            user = await uow.users.get(telegram_id)
        return None if user is None else self._hold(user)

    async def deliver(self, telegram_id: TelegramId, notices: Sequence[Notice]) -> Postpone | None:
        if not notices:
            return None
        async with self._uow() as uow:
            user = await uow.users.get(telegram_id)
        if user is None or not user.active:
            return None
        held = self._hold(user)
        if held is not None:
            return held
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

    def _hold(self, user: User) -> Postpone | None:
        now = self._clock.now()
        allowed = next_allowed_time(
            now, timezone=user.timezone, quiet_start=user.quiet_start, quiet_end=user.quiet_end
        )
        return Postpone(allowed) if allowed > now else None
