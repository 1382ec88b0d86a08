"""The composition root: builds storage, services, the Telegram application and the web server."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.routing import BaseRoute
from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes

from bot.bridge import TelegramBridge
from bot.clock import SystemClock
from bot.config import BotMode, Settings
from bot.keys import load_keys
from bot.rate_limit import ChatRateLimiter
from bot.services.onboarding import OnboardingService
from bot.services.privacy import PrivacyService
from bot.services.refusals import RefusalLog
from bot.services.report import ReportService
from bot.services.review import ReviewService
from bot.services.timers import RequestTimers
from bot.services.tracking import TrackingService
from bot.web.server import EmbeddedServer, build_server, build_web_app
from bot.web.webhook import webhook_route
from bot.wiring import wire_google, wire_tracking
from brokers.catalog import Catalog, load_bundled
from brokers.ports import Clock
from handlers.context import SERVICES_KEY, BotApplication, BotContext, Services
from handlers.registry import register, set_commands
from handlers.scan import ScanResume
from handlers.update_order import ChatOrderedProcessor
from storage import migrate
from storage.catalog import load_overrides
from storage.crypto import FernetCipher
from storage.engine import create_engine, create_session_factory
from storage.jobs import SqlJobQueue
from storage.unit_of_work import SqlUnitOfWorkFactory

log = logging.getLogger(__name__)

POLL_TIMEOUT_SECONDS = 10
CALLBACKS_PER_SECOND = 20
CONCURRENT_EXCHANGES = 8


def build_application(settings: Settings, services: Services) -> BotApplication:
    api = settings.telegram_api_url
    application: BotApplication = (
        ApplicationBuilder()
        .token(settings.bot_token())
        .base_url(f"{api}/bot")
        .base_file_url(f"{api}/file/bot")
        .context_types(ContextTypes(context=BotContext))
        # Paces sends to Telegram's limits per chat and overall; a RetryAfter is waited out, never dropped.
        .rate_limiter(ChatRateLimiter())
        .concurrent_updates(ChatOrderedProcessor())  # chats at once, each chat in order; floods dropped
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
        uow = SqlUnitOfWorkFactory(
            create_session_factory(self.engine), FernetCipher(load_keys(settings)), self.clock
        )
        self.catalog: Catalog = load_bundled()
        self.services = Services(
            onboarding=OnboardingService(uow, self.clock),
            privacy=PrivacyService(uow, self.clock),
            refusals=RefusalLog(uow),
            clock=self.clock,
            admin_ids=frozenset(settings.admin_ids),
            review=ReviewService(uow, self.clock, self._catalog),
            tracking=TrackingService(uow, self._catalog),
            report=ReportService(uow, self._catalog, self.clock),
        )
        self.jobs = SqlJobQueue(create_session_factory(self.engine), self.clock)
        self.timers = RequestTimers(self.jobs, self.clock)
        self.services.schedule_resume = self.timers.resume_sends
        self.services.drop_reminder = self.timers.on_drop_recorded
        self.application = build_application(settings, self.services)
        bridge = TelegramBridge(self.application, self.services, settings.admin_ids)
        routes: list[BaseRoute] = []
        if settings.has_google:
            web = wire_google(settings, self.services, uow, self.clock, self._catalog, self.timers, bridge)
            routes += web.routes()
        self.sweeper = wire_tracking(
            self.application, self.services, uow, self.clock, self._catalog, self.jobs, self.timers, bridge
        )
        if settings.bot_mode is BotMode.WEBHOOK:
            routes.append(webhook_route(self.application, settings.webhook_secret.get_secret_value()))
        self.web: EmbeddedServer = build_server(
            build_web_app(self.health, routes), settings.web_host, settings.web_port
        )
        self._web_task: asyncio.Task[None] | None = None

    def _catalog(self) -> Catalog:
        return self.catalog

    async def start(self) -> None:
        await migrate.upgrade(self.settings.effective_database_url)
        self.catalog = load_bundled().with_overrides(await load_overrides(self.engine))
        if self.services.sending is not None:
            settled = await self.services.sending.reconcile()
            if settled:
                log.info("settled requests interrupted while sending", extra={"requests": settled})
        await self.application.initialize()
        self.services.bot_username = self.application.bot.username
        await set_commands(self.application)
        await self.application.start()
        self._web_task = asyncio.create_task(self.web.serve(), name="web-server")
        while not self.web.started and not self._web_task.done():  # noqa: ASYNC110 - uvicorn has no event
            await asyncio.sleep(0.01)
        if self.settings.bot_mode is BotMode.WEBHOOK:
            secret = self.settings.webhook_secret.get_secret_value()
            await self.application.bot.set_webhook(
                f"{self.settings.public_url}/telegram", secret_token=secret, allowed_updates=Update.ALL_TYPES
            )
        else:
            assert self.application.updater is not None
            await self.application.updater.start_polling(
                timeout=POLL_TIMEOUT_SECONDS, allowed_updates=Update.ALL_TYPES
            )
        await self._resume_scans()
        assert self.application.job_queue is not None
        self.sweeper.install(self.application.job_queue, interval=self.settings.sweep_interval_seconds)
        log.info("bot started", extra={"mode": self.settings.bot_mode.value})

    async def _resume_scans(self) -> None:
        """Scans a restart interrupted go on from their last checkpoint."""
        if self.services.scans is None:
            return
        for scan, owner in await self.services.scans.running():
            await self.application.update_queue.put(ScanResume(scan.id, owner, scan.progress_message_id))

    @property
    def web_url(self) -> str:
        """Where the web server really listens (WEB_PORT=0 picks a free port)."""
        socket = self.web.servers[0].sockets[0]
        host, port = socket.getsockname()[:2]
        return f"http://{host}:{port}"

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
        receiving = self.application.running and (
            self.settings.bot_mode is BotMode.WEBHOOK or bool(updater and updater.running)
        )
        return {"ok": database and receiving, "database": database, "receiving_updates": receiving}


async def run(settings: Settings, stop: asyncio.Event) -> None:
    runtime = BotRuntime(settings)
    await runtime.start()
    try:
        await stop.wait()
    finally:
        await runtime.stop()
