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
from telegram.ext import AIORateLimiter, ApplicationBuilder, ContextTypes

from bot.clock import SystemClock
from bot.config import Settings
from bot.google.oauth import GoogleOAuth
from bot.keys import load_keys
from bot.services.connect import ConnectService
from bot.services.connect_events import ConnectUpdate, ReconnectNeeded
from bot.services.mailboxes import MailboxAccess
from bot.services.onboarding import OnboardingService
from bot.services.privacy import PrivacyService
from bot.services.refusals import RefusalLog
from bot.web.oauth_routes import OAuthWeb
from bot.web.server import EmbeddedServer, build_server, build_web_app
from brokers.ports import Clock
from brokers.profile import DEFAULT_LANGUAGE, TelegramId
from handlers.context import SERVICES_KEY, BotApplication, BotContext, Services
from handlers.registry import register, set_commands
from storage import migrate
from storage.crypto import FernetCipher
from storage.engine import create_engine, create_session_factory
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
        uow = SqlUnitOfWorkFactory(create_session_factory(self.engine), FernetCipher(load_keys(settings)), self.clock)
        self.services = Services(onboarding=OnboardingService(uow, self.clock),
                                 privacy=PrivacyService(uow, self.clock), refusals=RefusalLog(uow),
                                 clock=self.clock, admin_ids=frozenset(settings.admin_ids))
        self.application = build_application(settings, self.services)
        routes: list[BaseRoute] = []
        if settings.has_google:
            routes = self._wire_google(uow).routes()
        self.web: EmbeddedServer = build_server(build_web_app(self.health, routes), settings.web_host,
                                                settings.web_port)
        self._web_task: asyncio.Task[None] | None = None

    def _wire_google(self, uow: SqlUnitOfWorkFactory) -> OAuthWeb:
        settings = self.settings
        oauth = GoogleOAuth(client_id=settings.google_client_id,
                            client_secret=settings.google_client_secret.get_secret_value(),
                            auth_uri=settings.google_auth_uri, token_uri=settings.google_token_uri,
                            revoke_uri=settings.google_revoke_uri, redirect_uri=settings.redirect_uri,
                            timeout=settings.google_timeout_seconds)
        mailboxes = MailboxAccess(uow, oauth, api_url=settings.gmail_api_url,
                                  quota_model=settings.gmail_quota_model.value, publish=self._publish_reconnect)
        connect = ConnectService(uow, self.clock, oauth, mailboxes.read_address)
        self.services.connect = connect
        self.services.mailboxes = mailboxes
        self.services.privacy = PrivacyService(uow, self.clock, revoke_tokens=connect.revoke_all)
        return OAuthWeb(connect=connect, language_of=self._language_of, describe_chat=self._describe_chat,
                        publish=self._publish, telegram_link=self._telegram_link,
                        secure_cookie=settings.public_url.startswith("https://"),
                        limiter=AsyncLimiter(CALLBACKS_PER_SECOND, 1), exchanges=asyncio.Semaphore(CONCURRENT_EXCHANGES))

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
        await self.application.initialize()
        self.services.bot_username = self.application.bot.username
        await set_commands(self.application)
        assert self.application.updater is not None
        await self.application.updater.start_polling(timeout=POLL_TIMEOUT_SECONDS, allowed_updates=Update.ALL_TYPES)
        await self.application.start()
        self._web_task = asyncio.create_task(self.web.serve(), name="web-server")
        while not self.web.started and not self._web_task.done():  # noqa: ASYNC110 - uvicorn has no event
            await asyncio.sleep(0.01)
        log.info("bot started", extra={"mode": self.settings.bot_mode.value})

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
        except Exception:  # noqa: BLE001 - any failure means unhealthy, reported not raised
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
