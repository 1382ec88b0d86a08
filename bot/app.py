"""The composition root: builds storage, services, the Telegram application and the web server."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from functools import partial
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.routing import BaseRoute
from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, ExtBot

from bot.activity import Activity, Event
from bot.admin_alerts import TelegramAdminAlerts
from bot.bridge import TelegramBridge
from bot.clock import SystemClock
from bot.config import BotMode, Settings
from bot.container import Services
from bot.data_dir import secure_data_dir
from bot.heartbeat import Heartbeat
from bot.jobs.alarm import SweepAlarm
from bot.keys import load_keys
from bot.rate_limit import ChatRateLimiter, FloodLimits
from bot.services.onboarding import OnboardingService
from bot.services.timers import RequestTimers
from bot.telegram_http import NameScrubbingRequest
from bot.web import webhook
from bot.web.server import EmbeddedServer, build_server, build_web_app
from bot.wiring import AdminFoundation, Foundation, build_oauth_web, build_services, build_sweeper
from brokers.catalog import Catalog, load_bundled
from brokers.ports import Clock
from handlers.context import BotApplication, BotContext, ServicesApplication
from handlers.registry import register, set_commands
from handlers.scan import ScanResume
from handlers.update_order import ChatOrderedProcessor
from storage import migrate
from storage.admin_queries import SqlAdminQueries
from storage.broadcasts import SqlBroadcasts
from storage.catalog import SqlCatalogOverrides, load_overrides
from storage.crypto import FernetCipher
from storage.engine import create_engine, create_session_factory
from storage.jobs import SqlJobQueue
from storage.unit_of_work import SqlUnitOfWorkFactory

log = logging.getLogger(__name__)

POLL_TIMEOUT_SECONDS = 10


def build_bot(
    settings: Settings, flood_limits: FloodLimits | None = None, activity: Activity | None = None
) -> ExtBot[Any]:
    """The bot alone, before the application: the services need it, and the application needs them."""
    api = settings.telegram_api_url
    on_error = partial(activity.note, Event.TELEGRAM_ERROR) if activity else lambda: None
    return ExtBot(
        settings.bot_token(),
        base_url=f"{api}/bot",
        base_file_url=f"{api}/file/bot",
        # As ApplicationBuilder would: a pool for concurrent sends; the long poll outlives its timeout.
        request=NameScrubbingRequest(connection_pool_size=256, on_error=on_error),
        get_updates_request=NameScrubbingRequest(read_timeout=POLL_TIMEOUT_SECONDS + 5, on_error=on_error),
        # Paces sends to Telegram's limits per chat and overall; a RetryAfter is waited out, never dropped.
        rate_limiter=ChatRateLimiter(flood_limits),
    )


def build_application(
    bot: ExtBot[Any], updates: asyncio.Queue[object], services: Services, activity: Activity | None = None
) -> BotApplication:
    application: BotApplication = (
        ApplicationBuilder()
        .bot(bot)
        .update_queue(updates)
        .context_types(ContextTypes(context=BotContext))
        .application_class(ServicesApplication, kwargs={"services": services})
        .concurrent_updates(ChatOrderedProcessor(activity=activity))  # chats at once, each in order
        .build()
    )
    register(application)
    return application


class BotRuntime:
    """One running bot: database, Telegram polling and the web server, started and stopped together."""

    def __init__(
        self, settings: Settings, clock: Clock | None = None, *, flood_limits: FloodLimits | None = None
    ) -> None:
        self.settings = settings
        self.clock = clock or SystemClock()
        secure_data_dir(settings)
        self.engine: AsyncEngine = create_engine(settings.effective_database_url)
        box = FernetCipher(load_keys(settings))
        uow = SqlUnitOfWorkFactory(create_session_factory(self.engine), box, self.clock)
        self.catalog: Catalog = load_bundled()
        self.jobs = SqlJobQueue(create_session_factory(self.engine), self.clock)
        self.alarm = SweepAlarm()
        timers = RequestTimers(
            self.jobs, self.clock, reply_poll=timedelta(seconds=settings.reply_poll_seconds)
        )
        sessions = create_session_factory(self.engine)
        self.heartbeat = Heartbeat(started_at=self.clock.now())
        updates = asyncio.Queue[object]()
        self.activity = Activity(self.clock, waiting=updates.qsize)
        console = AdminFoundation(
            SqlAdminQueries(sessions, box),
            SqlCatalogOverrides(sessions),
            SqlBroadcasts(sessions),
            self.heartbeat,
            self._replace_catalog,
            self.activity,
        )
        base = Foundation(settings, uow, self.clock, self._catalog, self.jobs, timers, self.alarm, console)
        bot = build_bot(settings, flood_limits, self.activity)
        alerts = TelegramAdminAlerts(bot, settings.admin_ids)
        onboarding = OnboardingService(uow, self.clock)
        bridge = TelegramBridge(bot, updates, onboarding, alerts)
        self.services = build_services(base, bot=bot, bridge=bridge, onboarding=onboarding, alerts=alerts)
        self.application = build_application(bot, updates, self.services, self.activity)
        self.sweeper = build_sweeper(base, self.services, bridge)
        routes: list[BaseRoute] = []
        if settings.has_google:
            routes += build_oauth_web(settings, self.services, bridge).routes()
        if settings.bot_mode is BotMode.WEBHOOK:
            routes.append(webhook.webhook_route(self.application, settings.webhook_secret.get_secret_value()))
        self.web: EmbeddedServer = build_server(
            build_web_app(self.health, routes, {webhook.PATH: webhook.MAX_UPDATE_BYTES}),
            settings.web_host,
            settings.web_port,
        )
        self._web_task: asyncio.Task[None] | None = None

    def _catalog(self) -> Catalog:
        return self.catalog

    def _replace_catalog(self, catalog: Catalog) -> None:
        self.catalog = catalog

    async def start(self) -> None:
        await migrate.upgrade(self.settings.effective_database_url)
        self.catalog = load_bundled().with_overrides(await load_overrides(self.engine))
        if self.services.google_enabled:
            settled = await self.services.sending.reconcile()
            if settled:
                log.info("settled requests interrupted while sending", extra={"requests": settled})
        await self.application.initialize()
        await set_commands(self.application, self.services)
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
        self.alarm.connect(self.application.job_queue, self.sweeper.run_once)
        log.info("bot started", extra={"mode": self.settings.bot_mode.value})

    async def _resume_scans(self) -> None:
        """Scans a restart interrupted go on from their last checkpoint."""
        if not self.services.google_enabled:
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
        self.heartbeat.stopping = True
        assert self.application.updater is not None
        if self.application.updater.running:
            await self.application.updater.stop()
        if self.application.running:
            await self.application.stop()
        await self.application.shutdown()
        await self.services.dashboard.close()
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
