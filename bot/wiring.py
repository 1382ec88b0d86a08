"""Wiring the Gmail-backed services and the tracking jobs into the shared Services."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial

from aiolimiter import AsyncLimiter

from bot.bridge import TelegramBridge
from bot.config import Settings
from bot.google.oauth import GoogleOAuth
from bot.jobs.sweeper import GroupHandler, JobHandler, Sweeper, default_worker_id
from bot.notify import TelegramNotifier
from bot.services.bulk import BulkSender
from bot.services.connect import ConnectService
from bot.services.mailboxes import MailboxAccess
from bot.services.notice_jobs import NoticeJobs
from bot.services.outbox import SEND_CONFIRMED, Outbox
from bot.services.privacy import PrivacyService
from bot.services.pushes import PushDelivery
from bot.services.replies import ReplyChecker
from bot.services.scans import ScanService
from bot.services.sending import SendingService
from bot.services.timers import NOTICE, REPLY_CHECK, RESUME_SENDS, RequestTimers
from bot.web.oauth_routes import OAuthWeb
from brokers.catalog import Catalog
from brokers.jobs import JobQueue
from brokers.ports import Clock, UnitOfWorkFactory
from handlers.context import BotApplication, Services
from handlers.outcomes import show_settled
from handlers.pushes import render_notices

CALLBACKS_PER_SECOND = 20
CONCURRENT_EXCHANGES = 8

CatalogSource = Callable[[], Catalog]


def wire_google(
    settings: Settings,
    services: Services,
    uow: UnitOfWorkFactory,
    clock: Clock,
    catalog: CatalogSource,
    timers: RequestTimers,
    bridge: TelegramBridge,
) -> OAuthWeb:
    """Connect, scan and send: everything that talks to the person's Gmail."""
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
        publish=bridge.publish_reconnect,
    )
    connect = ConnectService(uow, clock, oauth, mailboxes.read_address)
    sending = SendingService(
        uow,
        clock,
        catalog,
        mailboxes.open,
        on_sent=timers.on_sent,
        daily_limit=settings.gmail_daily_send_limit,
    )
    services.connect, services.mailboxes, services.sending = connect, mailboxes, sending
    services.bulk = BulkSender(sending, pacing_seconds=settings.send_pacing_seconds)
    services.scans = ScanService(uow, catalog, mailboxes.open)
    services.privacy = PrivacyService(uow, clock, revoke_tokens=connect.revoke_all)
    return OAuthWeb(
        connect=connect,
        language_of=bridge.language_of,
        describe_chat=bridge.describe_chat,
        publish=bridge.publish,
        telegram_link=bridge.telegram_link,
        secure_cookie=settings.public_url.startswith("https://"),
        limiter=AsyncLimiter(CALLBACKS_PER_SECOND, 1),
        exchanges=asyncio.Semaphore(CONCURRENT_EXCHANGES),
    )


def wire_tracking(
    application: BotApplication,
    services: Services,
    uow: UnitOfWorkFactory,
    clock: Clock,
    catalog: CatalogSource,
    queue: JobQueue,
    timers: RequestTimers,
    bridge: TelegramBridge,
    *,
    undo_seconds: float,
) -> Sweeper:
    """The durable jobs: notices, reply checks, confirmed and resumed sends, woken by PTB's JobQueue."""
    pushes = PushDelivery(uow, TelegramNotifier(application.bot), clock, render_notices)
    handlers: dict[str, JobHandler] = {}
    group_handlers: dict[str, GroupHandler] = {}
    if services.mailboxes is not None:
        replies = ReplyChecker(uow, catalog, services.mailboxes.open)
        jobs = NoticeJobs(uow, clock, catalog, pushes, timers, replies, services.bulk, bridge.alert_admins)
        group_handlers[NOTICE] = jobs.notices
        handlers[REPLY_CHECK] = jobs.reply_check
        handlers[RESUME_SENDS] = jobs.resume_sends
    services.pushes = pushes
    sweeper = Sweeper(
        queue,
        handlers,
        clock,
        worker_id=default_worker_id(),
        group_handlers=group_handlers,
        on_give_up=bridge.job_gave_up,
    )
    if services.sending is not None:
        outbox = Outbox(
            queue,
            clock,
            services.sending,
            undo_seconds=undo_seconds,
            wake=partial(wake_sweep, application, sweeper),
            on_settled=partial(show_settled, application.bot, services),
        )
        handlers[SEND_CONFIRMED] = outbox.send_confirmed_job
        services.outbox = outbox
    return sweeper


def wake_sweep(application: BotApplication, sweeper: Sweeper, after: float) -> None:
    """Wake the sweep when a confirmed letter falls due; the periodic sweep is only the backstop."""

    async def send_confirmed_letters_job(_context: object) -> None:
        await sweeper.run_once()

    if application.job_queue is not None:
        # A wake that comes late still sweeps: the row is due either way.
        application.job_queue.run_once(
            send_confirmed_letters_job, when=after, job_kwargs={"misfire_grace_time": None}
        )
