"""The composition root: builds storage, services, the Telegram application and the web server."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from functools import partial
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.routing import BaseRoute
from telegram import Update
from telegram.error import BadRequest, NetworkError
from telegram.ext import ApplicationBuilder, ContextTypes, ExtBot

from bot.activity import Activity, Event
from bot.admin_alerts import TelegramAdminAlerts
from bot.bridge import TelegramBridge
from bot.clock import SystemClock
from bot.config import BotMode, Settings
from bot.container import Services
from bot.data_dir import secure_data_dir
from bot.google.push_tokens import GooglePushVerifier
from bot.heartbeat import Heartbeat
from bot.jobs.alarm import SweepAlarm
from bot.keys import load_keys
from bot.rate_limit import ChatRateLimiter, FloodLimits
from bot.services.onboarding import OnboardingService
from bot.services.timers import RequestTimers
from bot.telegram_http import NameScrubbingRequest
from bot.web import gmail_push, webhook
from bot.web.server import EmbeddedServer, build_server, build_web_app
from bot.wiring import (
    AdminFoundation,
    Foundation,
    build_oauth_web,
    build_push,
    build_services,
    build_sweeper,
)
from brokers.catalog import Catalog, load_bundled
from brokers.ports import Clock
from handlers.context import BotApplication, BotContext, ServicesApplication
from handlers.registry import register, set_commands
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
# Catalog edits an operator made through another instance reach this one within this many seconds.
CATALOG_REFRESH_SECONDS = 30.0
# While Telegram is unreachable at start, the next try waits twice as long as the last, up to the cap.
TELEGRAM_RETRY_FIRST_SECONDS = 1.0
TELEGRAM_RETRY_MAX_SECONDS = 60.0


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
        self._bundled = load_bundled()
        self.catalog: Catalog = self._bundled
        self.jobs = SqlJobQueue(create_session_factory(self.engine), self.clock)
        self.alarm = SweepAlarm()
        timers = RequestTimers(
            self.jobs, self.clock, reply_poll=settings.reply_poll, push=settings.push_enabled
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
        bridge = TelegramBridge(bot, updates, onboarding, alerts, link_root=settings.telegram_link_url)
        self.services = build_services(base, bot=bot, bridge=bridge, onboarding=onboarding, alerts=alerts)
        self.application = build_application(bot, updates, self.services, self.activity)
        push = build_push(base, self.services)
        self.sweeper = build_sweeper(base, self.services, bridge, push)
        routes: list[BaseRoute] = []
        if push is not None:
            verifier = GooglePushVerifier(
                audience=settings.push_audience,
                certs_url=settings.gmail_push_certs_url,
                service_account=settings.gmail_push_service_account,
            )
            routes.append(gmail_push.push_route(verifier, push.pushed))
        if settings.has_google:
            routes += build_oauth_web(settings, self.services, bridge).routes()
        if settings.bot_mode is BotMode.WEBHOOK:
            secret = settings.webhook_secret.get_secret_value()
            routes.append(webhook.webhook_route(self.application, secret, self._taking_updates))
        self.web: EmbeddedServer = build_server(
            build_web_app(
                self.health,
                routes,
                {webhook.PATH: webhook.MAX_UPDATE_BYTES, gmail_push.PATH: gmail_push.MAX_PUSH_BYTES},
            ),
            settings.web_host,
            settings.web_port,
        )
        self._web_task: asyncio.Task[None] | None = None
        self.telegram_unreachable = False

    def _taking_updates(self) -> bool:
        return not self.heartbeat.stopping

    def _catalog(self) -> Catalog:
        return self.catalog

    def _replace_catalog(self, catalog: Catalog) -> None:
        self.catalog = catalog

    async def _load_catalog(self) -> None:
        self.catalog = self._bundled.with_overrides(await load_overrides(self.engine))

    async def _refresh_catalog_job(self, _context: object) -> None:
        """Read the overrides again: with several instances, an edit made on another one shows here."""
        try:
            await self._load_catalog()
        except Exception:
            log.warning("could not read the catalog overrides; the current catalog stays", exc_info=True)

    async def start(self, stop: asyncio.Event | None = None) -> bool:
        """Start everything; False when `stop` was set while Telegram was still unreachable."""
        await migrate.upgrade(self.settings.effective_database_url)
        await self._load_catalog()
        if self.services.google_enabled:
            settled = await self.services.sending.reconcile()
            if settled:
                log.info("settled requests interrupted while sending", extra={"requests": settled})
        # The web server first, so /healthz can say that Telegram is unreachable while we wait for it.
        self._web_task = asyncio.create_task(self.web.serve(), name="web-server")
        while not self.web.started and not self._web_task.done():  # noqa: ASYNC110 - uvicorn has no event
            await asyncio.sleep(0.01)
        if not await self._connect_telegram(stop or asyncio.Event()):
            return False
        await set_commands(self.application, self.services)
        await self.application.start()
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
        self.application.job_queue.run_repeating(
            self._refresh_catalog_job, interval=CATALOG_REFRESH_SECONDS, name="refresh-catalog"
        )
        log.info("bot started", extra={"mode": self.settings.bot_mode.value})
        return True

    async def _connect_telegram(self, stop: asyncio.Event) -> bool:
        """Initialize the application (its getMe), retrying with back-off while Telegram is unreachable."""
        delay, attempt = TELEGRAM_RETRY_FIRST_SECONDS, 1
        while True:
            try:
                await self.application.initialize()
            except BadRequest:
                raise
            except NetworkError as exc:  # includes TimedOut
                self.telegram_unreachable = True
                log.warning(
                    "Telegram is unreachable at %s (attempt %d: %s); trying again in %.0f s",
                    self.settings.telegram_api_url,
                    attempt,
                    exc.message,
                    delay,
                )
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), delay)
                if stop.is_set():
                    return False
                delay, attempt = min(delay * 2, TELEGRAM_RETRY_MAX_SECONDS), attempt + 1
            else:
                self.telegram_unreachable = False
                return True

    async def _resume_scans(self) -> None:
        """Scans a restart interrupted before their first job was stored get one; the others' jobs are
        due already, and whichever instance claims them goes on from the last checkpoint."""
        if not self.services.google_enabled:
            return
        running = await self.services.scans.resume_interrupted()
        if running:
            log.info("running scans found at start-up", extra={"scans": running})

    @property
    def web_url(self) -> str:
        """Where the web server really listens (WEB_PORT=0 picks a free port)."""
        socket = self.web.servers[0].sockets[0]
        host, port = socket.getsockname()[:2]
        return f"http://{host}:{port}"

    async def stop(self) -> None:
        """Stop taking updates and jobs, finish the updates in hand and let running jobs finish within
        the grace (the rest are released for another instance), then close the web server and database."""
        self.heartbeat.stopping = True  # the webhook now answers 503: Telegram sends it again later
        if self.application.job_queue is not None and self.application.job_queue.scheduler.running:
            # No job starts from here on: PTB's stop waits for the running ones, then APScheduler cancels
            # whatever started meanwhile (an alarm or sweep wake), cutting it with a traceback.
            self.application.job_queue.scheduler.pause()
        assert self.application.updater is not None
        if self.application.updater.running:
            await self.application.updater.stop()
        closing = self.sweeper.close(self.settings.shutdown_grace_seconds)
        if self.application.running:
            # Together: PTB's stop waits for the sweep in progress, which ends once the grace is over.
            await asyncio.gather(closing, self.application.stop())
        else:
            await closing
        await self.application.shutdown()
        await self.services.dashboard.close()
        self.services.gmail.close()
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
        report: dict[str, Any] = {
            "ok": database and receiving,
            "database": database,
            "receiving_updates": receiving,
        }
        if self.telegram_unreachable:
            report["status"] = "telegram unreachable"
        return report


async def run(settings: Settings, stop: asyncio.Event) -> None:
    runtime = BotRuntime(settings)
    try:
        if await runtime.start(stop):
            await stop.wait()
    finally:
        await runtime.stop()
