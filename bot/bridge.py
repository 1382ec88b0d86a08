"""What services and web pages need from the running Telegram bot, without knowing Telegram."""

from __future__ import annotations

import asyncio
import logging

from telegram import Bot
from telegram.error import TelegramError

from bot.log_secrets import keep_out_of_logs
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
    ) -> None:
        self._bot = bot
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

    async def describe_chat(self, telegram_id: TelegramId) -> str:
        """The Telegram account as its owner knows it: name and @username, looked up at Telegram."""
        try:
            chat = await self._bot.get_chat(telegram_id)
        except (TelegramError, KeyError, TypeError, ValueError, AttributeError):
            # A refusal, or an answer that does not parse: the page shows the id instead of failing.
            log.warning("could not look up a chat for the confirmation page")
            return f"Telegram id {telegram_id}"
        keep_out_of_logs(chat.first_name, chat.last_name, chat.username)
        name = " ".join(part for part in (chat.first_name, chat.last_name) if part) or str(telegram_id)
        return f"{name} (@{chat.username})" if chat.username else name

    def telegram_link(self) -> str:
        # The bot learns its username when the application initialises, before the web server starts.
        return self._bot.link

    async def job_gave_up(self, job: Job, reason: str) -> None:
        log.error("a job failed for good", extra={"job": job.id, "kind": job.kind, "reason": reason[:80]})
        await self._alerts.alert(f"Job {job.id} ({job.kind}) failed for good: {reason[:120]}")
