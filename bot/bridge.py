"""What services and web pages need from the running Telegram application, without knowing Telegram."""

from __future__ import annotations

import logging

from telegram.error import TelegramError

from bot.services.connect_events import ConnectUpdate, ReconnectNeeded
from brokers.jobs import Job
from brokers.profile import DEFAULT_LANGUAGE, TelegramId
from handlers.context import BotApplication, Services

log = logging.getLogger(__name__)


class TelegramBridge:
    def __init__(self, application: BotApplication, services: Services, admin_ids: list[int]) -> None:
        self._application = application
        self._services = services
        self._admin_ids = admin_ids

    async def publish(self, update: ConnectUpdate) -> None:
        """Hand an event to the Telegram application, which tells the person in the chat."""
        await self._application.update_queue.put(update)

    async def publish_reconnect(self, event: ReconnectNeeded) -> None:
        await self.publish(ConnectUpdate(event))

    async def language_of(self, telegram_id: TelegramId) -> str:
        user = await self._services.onboarding.user(telegram_id)
        return user.language if user else DEFAULT_LANGUAGE

    async def describe_chat(self, telegram_id: TelegramId) -> str:
        """The Telegram account as its owner knows it: name and @username, looked up at Telegram."""
        try:
            chat = await self._application.bot.get_chat(telegram_id)
        except TelegramError:
            return f"Telegram id {telegram_id}"
        name = " ".join(part for part in (chat.first_name, chat.last_name) if part) or str(telegram_id)
        return f"{name} (@{chat.username})" if chat.username else name

    def telegram_link(self) -> str:
        username = self._services.bot_username
        return f"https://t.me/{username}" if username else "https://t.me/"

    async def alert_admins(self, text: str) -> None:
        """Operational alerts to the operators: never personal data, only ids and kinds."""
        for admin in self._admin_ids:
            try:
                await self._application.bot.send_message(admin, text)
            except TelegramError:
                log.warning("could not alert an admin")

    async def job_gave_up(self, job: Job, reason: str) -> None:
        log.error("a job failed for good", extra={"job": job.id, "kind": job.kind, "reason": reason[:80]})
        await self.alert_admins(f"Job {job.id} ({job.kind}) failed for good: {reason[:120]}")
