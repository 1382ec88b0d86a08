"""The composition root: builds storage, services, the Telegram application and the web server."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Update
from telegram.ext import AIORateLimiter, ApplicationBuilder, ContextTypes

from bot.clock import SystemClock
from bot.config import Settings
from bot.keys import load_keys
from bot.services.onboarding import OnboardingService
from bot.services.privacy import PrivacyService
from bot.services.refusals import RefusalLog
from bot.web.server import EmbeddedServer, build_server, build_web_app
from brokers.ports import Clock
from handlers.context import SERVICES_KEY, BotApplication, BotContext, Services
from handlers.registry import register, set_commands
from storage import migrate
from storage.crypto import FernetCipher
from storage.engine import create_engine, create_session_factory
from storage.unit_of_work import SqlUnitOfWorkFactory

log = logging.getLogger(__name__)

POLL_TIMEOUT_SECONDS = 10


def build_application(settings: Settings, services: Services) -> BotApplication:
    api = settings.telegram_api_url
    application: BotApplication = (
        ApplicationBuilder()
        .token(settings.bot_token())
        .base_url(f"{api}/bot")
        .base_file_url(f"{api}/file/bot")
        .context_types(ContextTypes(context=BotContext))
        # Retries honour RetryAfter instead of dropping the message (PTB retries nothing by default).
        .rate_limiter(AIORateLimiter(max_retries=3))
        .get_updates_read_timeout(POLL_TIMEOUT_SECONDS + 5)
        .build()
    )
    application.bot_data[SERVICES_KEY] = services
    register(application)
    return application


class BotRuntime:
    """One running bot: database, Telegram polling and the web server, started and stopped together."""

    def __init__(self, settings: Settings, clock: Clock | None = None) -> None:
        self.settings = settings
        self.clock = clock or SystemClock()
        self.engine: AsyncEngine = create_engine(settings.effective_database_url)
        box = FernetCipher(load_keys(settings))
        uow = SqlUnitOfWorkFactory(create_session_factory(self.engine), box, self.clock)
        self.services = Services(
            onboarding=OnboardingService(uow, self.clock),
            privacy=PrivacyService(uow, self.clock),
            refusals=RefusalLog(uow),
            clock=self.clock,
            admin_ids=frozenset(settings.admin_ids),
        )
        self.application = build_application(settings, self.services)
        self.web: EmbeddedServer = build_server(
            build_web_app(self.health), settings.web_host, settings.web_port
        )
        self._web_task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        await migrate.upgrade(self.settings.effective_database_url)
        await self.application.initialize()
        self.services.bot_username = self.application.bot.username
        await set_commands(self.application)
        assert self.application.updater is not None
        await self.application.updater.start_polling(
            timeout=POLL_TIMEOUT_SECONDS, allowed_updates=Update.ALL_TYPES
        )
        await self.application.start()
        self._web_task = asyncio.create_task(self.web.serve(), name="web-server")
        while not self.web.started and not self._web_task.done():  # noqa: ASYNC110 - uvicorn has no event
            await asyncio.sleep(0.01)
        log.info("bot started", extra={"mode": self.settings.bot_mode.value})

    async def stop(self) -> None:
        """Stop taking updates, finish the ones in hand, then close the web server and the database."""
        assert self.application.updater is not None
        if self.application.updater.running:
            await self.application.updater.stop()
        if self.application.running:
            await self.application.stop()
        await self.application.shutdown()
        if self._web_task is not None:
            self.web.should_exit = True
            await self._web_task
        await self.engine.dispose()
        log.info("bot stopped")

    async def health(self) -> dict[str, Any]:
        try:
            async with self.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
            database = True
        except Exception:
            database = False
        updater = self.application.updater
        polling = bool(updater and updater.running)
        return {"ok": database and polling, "database": database, "polling": polling}


async def run(settings: Settings, stop: asyncio.Event) -> None:
    runtime = BotRuntime(settings)
    await runtime.start()
    try:
        await stop.wait()
    finally:
        await runtime.stop()
