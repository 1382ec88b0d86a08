"""What services and web pages need from the running Telegram bot, without knowing Telegram."""

from __future__ import annotations

import asyncio
import logging

from telegram import Bot

from bot.services.connect_events import ConnectUpdate, ReconnectNeeded
from bot.services.onboarding import OnboardingService
from brokers.jobs import Job
from brokers.ports import AdminAlerts
from brokers.profile import DEFAULT_LANGUAGE, TelegramId

log = logging.getLogger(__name__)


class TelegramBridge:
    def __init__(
        self,
        bot: Bot,
        updates: asyncio.Queue[object],
        onboarding: OnboardingService,
        alerts: AdminAlerts,
        *,
        link_root: str = "https://t.me",
    ) -> None:
        self._bot = bot
        self._link_root = link_root
        self._updates = updates
        self._onboarding = onboarding
        self._alerts = alerts

    async def publish(self, update: ConnectUpdate) -> None:
        """Hand an event to the Telegram application, which tells the person in the chat."""
        await self._updates.put(update)

    async def publish_reconnect(self, event: ReconnectNeeded) -> None:
        await self.publish(ConnectUpdate(event))

    async def language_of(self, telegram_id: TelegramId) -> str:
        user = await self._onboarding.user(telegram_id)
        return user.language if user else DEFAULT_LANGUAGE

    def telegram_link(self) -> str:
        # The bot learns its username (getMe) when the application initialises, before the web server
        # starts.
        return f"{self._link_root}/{self._bot.username}"

    def deep_link(self, start: str) -> str:
        """The link that opens the chat with the bot and sends it `/start <start>` from whoever opens it."""
        return f"{self.telegram_link()}?start={start}"

    async def job_gave_up(self, job: Job, reason: str) -> None:
        log.error("a job failed for good", extra={"job": job.id, "kind": job.kind, "reason": reason[:80]})
        await self._alerts.alert(f"Job {job.id} ({job.kind}) failed for good: {reason[:120]}")
