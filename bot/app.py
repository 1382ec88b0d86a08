"""The composition root: builds storage, services, the Telegram application and the web server."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiolimiter import AsyncLimiter
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.routing import BaseRoute
from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ApplicationBuilder, ContextTypes

from bot.clock import SystemClock
from bot.config import BotMode, Settings
from bot.google.oauth import GoogleOAuth
from bot.jobs.sweeper import GroupHandler, JobHandler, Sweeper, default_worker_id
from bot.keys import load_keys
from bot.notify import TelegramNotifier
from bot.rate_limit import ChatRateLimiter
from bot.services.bulk import BulkSender
from bot.services.connect import ConnectService
from bot.services.connect_events import ConnectUpdate, ReconnectNeeded
from bot.services.mailboxes import MailboxAccess
from bot.services.notice_jobs import NoticeJobs
from bot.services.onboarding import OnboardingService
from bot.services.privacy import PrivacyService
from bot.services.pushes import PushDelivery
from bot.services.refusals import RefusalLog
from bot.services.replies import ReplyChecker
from bot.services.report import ReportService
from bot.services.review import ReviewService
from bot.services.scans import ScanService
from bot.services.sending import SendingService
from bot.services.timers import NOTICE, REPLY_CHECK, RESUME_SENDS, RequestTimers
from bot.services.tracking import TrackingService
from bot.web.oauth_routes import OAuthWeb
from bot.web.server import EmbeddedServer, build_server, build_web_app
from bot.web.webhook import webhook_route
from brokers.catalog import Catalog, load_bundled
from brokers.jobs import Job
from brokers.ports import Clock
from brokers.profile import DEFAULT_LANGUAGE, TelegramId
from handlers.context import SERVICES_KEY, BotApplication, BotContext, Services
from handlers.pushes import render_notices
from handlers.registry import register, set_commands
from handlers.scan import ScanResume
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
        routes: list[BaseRoute] = list(self._wire_google(uow).routes()) if settings.has_google else []
        self.sweeper = self._wire_tracking(uow)
        if settings.bot_mode is BotMode.WEBHOOK:
            routes.append(webhook_route(self.application, settings.webhook_secret.get_secret_value()))
        self.web: EmbeddedServer = build_server(
            build_web_app(self.health, routes), settings.web_host, settings.web_port
        )
        self._web_task: asyncio.Task[None] | None = None

    def _wire_google(self, uow: SqlUnitOfWorkFactory) -> OAuthWeb:
        settings = self.settings
        oauth = GoogleOAuth(
            client_id=settings.google_client_id,
            client_secret=settings.google_client_secret.get_secret_value(),
            auth_uri=settings.google_auth_uri,
            token_uri=settings.google_token_uri,
            revoke_uri=settings.google_revoke_uri,
            redirect_uri=settings.redirect_uri,
            timeout=settings.google_timeout_seconds,
        )
        mailboxes = MailboxAccess(
            uow,
            oauth,
            api_url=settings.gmail_api_url,
            quota_model=settings.gmail_quota_model.value,
            publish=self._publish_reconnect,
        )
        connect = ConnectService(uow, self.clock, oauth, mailboxes.read_address)
        self.services.connect = connect
        self.services.mailboxes = mailboxes
        sending = SendingService(
            uow,
            self.clock,
            self._catalog,
            mailboxes.open,
            on_sent=self.timers.on_sent,
            daily_limit=settings.gmail_daily_send_limit,
        )
        self.services.sending = sending
        self.services.bulk = BulkSender(sending, pacing_seconds=settings.send_pacing_seconds)
        self.services.scans = ScanService(uow, self._catalog, mailboxes.open)
        self.services.privacy = PrivacyService(uow, self.clock, revoke_tokens=connect.revoke_all)
        return OAuthWeb(
            connect=connect,
            language_of=self._language_of,
            describe_chat=self._describe_chat,
            publish=self._publish,
            telegram_link=self._telegram_link,
            secure_cookie=settings.public_url.startswith("https://"),
            limiter=AsyncLimiter(CALLBACKS_PER_SECOND, 1),
            exchanges=asyncio.Semaphore(CONCURRENT_EXCHANGES),
        )

    def _catalog(self) -> Catalog:
        return self.catalog

    def _wire_tracking(self, uow: SqlUnitOfWorkFactory) -> Sweeper:
        """The durable jobs: deadline notices, reply checks and resumed sends, woken by PTB's JobQueue."""
        notifier = TelegramNotifier(self.application.bot)
        pushes = PushDelivery(uow, notifier, self.clock, render_notices)
        handlers: dict[str, JobHandler] = {}
        group_handlers: dict[str, GroupHandler] = {}
        mailboxes = self.services.mailboxes
        if mailboxes is not None:
            replies = ReplyChecker(uow, self._catalog, mailboxes.open)
            jobs = NoticeJobs(
                uow,
                self.clock,
                self._catalog,
                pushes,
                self.timers,
                replies,
                self.services.bulk,
                self._alert_admins,
            )
            group_handlers[NOTICE] = jobs.notices
            handlers[REPLY_CHECK] = jobs.reply_check
            handlers[RESUME_SENDS] = jobs.resume_sends
        self.services.pushes = pushes
        return Sweeper(
            self.jobs,
            handlers,
            self.clock,
            worker_id=default_worker_id(),
            group_handlers=group_handlers,
            on_give_up=self._job_gave_up,
        )

    async def _alert_admins(self, text: str) -> None:
        for admin in self.settings.admin_ids:
            try:
                await self.application.bot.send_message(admin, text)
            except TelegramError:
                log.warning("could not alert an admin")

    async def _job_gave_up(self, job: Job, reason: str) -> None:
        log.error("a job failed for good", extra={"job": job.id, "kind": job.kind, "reason": reason[:80]})
        await self._alert_admins(f"Job {job.id} ({job.kind}) failed for good: {reason[:120]}")

    async def _publish(self, update: ConnectUpdate) -> None:
        """Hand an event to the Telegram application, which tells the person in the chat."""
        await self.application.update_queue.put(update)

    async def _publish_reconnect(self, event: ReconnectNeeded) -> None:
        await self._publish(ConnectUpdate(event))

    async def _language_of(self, telegram_id: TelegramId) -> str:
        user = await self.services.onboarding.user(telegram_id)
        return user.language if user else DEFAULT_LANGUAGE

    async def _describe_chat(self, telegram_id: TelegramId) -> str:
        """The Telegram account as its owner knows it: name and @username, looked up at Telegram."""
        try:
            chat = await self.application.bot.get_chat(telegram_id)
        except TelegramError:
            return f"Telegram id {telegram_id}"
        name = " ".join(part for part in (chat.first_name, chat.last_name) if part) or str(telegram_id)
        return f"{name} (@{chat.username})" if chat.username else name

    def _telegram_link(self) -> str:
        return f"https://t.me/{self.services.bot_username}" if self.services.bot_username else "https://t.me/"

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
