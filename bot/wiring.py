"""Building the services container, the OAuth web pages and the job sweeper from the adapters."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from aiolimiter import AsyncLimiter
from telegram import Bot

from bot.activity import Activity, Event
from bot.bridge import TelegramBridge
from bot.config import Settings
from bot.container import Services
from bot.google.connector import GmailConnector
from bot.google.oauth import GoogleOAuth
from bot.google.quota import ProjectQuota
from bot.heartbeat import Heartbeat
from bot.jobs.alarm import SweepAlarm
from bot.jobs.sweeper import Sweeper, default_worker_id
from bot.notify import TelegramNotifier
from bot.services.admin_console import AdminConsole
from bot.services.broadcasts import BroadcastService
from bot.services.bulk import BulkSender
from bot.services.catalog_admin import CatalogAdmin
from bot.services.catalog_import import CatalogImport
from bot.services.connect import ConnectService, OnConnected
from bot.services.dashboard import ChangeNotingNotifier, DashboardService
from bot.services.decisions import DecisionService
from bot.services.follow_ups import FollowUps
from bot.services.gmail_push import GmailPush
from bot.services.grant_policy import GrantPolicy
from bot.services.grant_reminders import GrantReminders
from bot.services.live_catalog import LiveCatalog
from bot.services.mailboxes import MailboxAccess
from bot.services.notice_jobs import NoticeJobs
from bot.services.onboarding import OnboardingService
from bot.services.outbox import Outbox
from bot.services.privacy import PrivacyService
from bot.services.pushes import PushDelivery
from bot.services.refusals import RefusalLog
from bot.services.replies import ReplyChecker
from bot.services.reply_reader import ReplyReader
from bot.services.report import ReportService
from bot.services.review import ReviewService
from bot.services.scan_jobs import ScanJobs
from bot.services.scans import ScanService
from bot.services.send_all_jobs import SendAllJobs
from bot.services.sending import SendingService
from bot.services.timers import RequestTimers
from bot.services.tracking import TrackingService
from bot.web.client_limit import PerClientLimit
from bot.web.oauth_routes import OAuthWeb
from brokers.accounts import Account
from brokers.catalog import Catalog
from brokers.job_payloads import (
    BroadcastHeld,
    BroadcastRetry,
    BroadcastRun,
    ConfirmedSend,
    GmailWatch,
    GrantExpiring,
    NoticeDue,
    ReplyCheck,
    ReplyNotice,
    ResumeSends,
    ScanRun,
    SendAllStep,
    SentCheck,
)
from brokers.jobs import JobQueue
from brokers.ports import (
    AdminAlerts,
    AdminQueries,
    BroadcastRepository,
    CatalogOverrides,
    Clock,
    UnitOfWorkFactory,
)
from handlers.admin_broadcast import show_progress
from handlers.outcomes import show_settled
from handlers.pushes import render_notices
from handlers.scan import ScanMessages
from handlers.send_all import show_send_all_progress
from handlers.status import after_settled, redraw_status

CALLBACKS_PER_SECOND = 20
# Changes within this many seconds (a Send all settling letter by letter) cost one dashboard edit.
DASHBOARD_DELAY_SECONDS = 1.0
CONCURRENT_EXCHANGES = 8
# One address's callbacks: a person needs one or two; a flood from one address stops at its own bucket.
CLIENT_CALLBACK_BURST = 10
CLIENT_CALLBACKS_PER_SECOND = 0.5

CatalogSource = Callable[[], Catalog]


@dataclass(frozen=True, slots=True)
class Foundation:
    """What the services stand on: the settings, the database, time, the catalog and the durable timers."""

    settings: Settings
    uow: UnitOfWorkFactory
    clock: Clock
    catalog: CatalogSource
    queue: JobQueue
    timers: RequestTimers
    alarm: SweepAlarm
    console: AdminFoundation


@dataclass(frozen=True, slots=True)
class AdminFoundation:
    """What the operators' console stands on: the aggregates, the catalog overrides, the heartbeat."""

    queries: AdminQueries
    overrides: CatalogOverrides
    broadcasts: BroadcastRepository
    heartbeat: Heartbeat
    replace_catalog: Callable[[Catalog], None]
    activity: Activity


def build_services(
    base: Foundation, *, bot: Bot, bridge: TelegramBridge, onboarding: OnboardingService, alerts: AdminAlerts
) -> Services:
    """Every service the chat uses; the Gmail ones too, which without Google find no accounts."""
    settings, uow, clock, catalog = base.settings, base.uow, base.clock, base.catalog
    oauth = GoogleOAuth(
        client_id=settings.google_client_id,
        client_secret=settings.google_client_secret.get_secret_value(),
        auth_uri=settings.google_auth_uri,
        token_uri=settings.google_token_uri,
        revoke_uri=settings.google_revoke_uri,
        redirect_uri=settings.redirect_uri,
        timeout=settings.google_timeout_seconds,
    )
    gmail = GmailConnector(
        oauth,
        api_url=settings.gmail_api_url,
        quota_model=settings.gmail_quota_model.value,
        on_error=partial(base.console.activity.note, Event.GMAIL_ERROR),
        project=ProjectQuota(settings.gmail_project_quota_units),
    )
    policy = GrantPolicy.for_site(settings.public_url, testing_mode=settings.google_oauth_testing_mode)
    mailboxes = MailboxAccess(uow, clock, oauth, gmail, publish=bridge.publish_reconnect, policy=policy)
    dashboard = DashboardService(
        uow, delay=DASHBOARD_DELAY_SECONDS, redraw=partial(redraw_status, bot, onboarding)
    )
    notifier = ChangeNotingNotifier(TelegramNotifier(bot), dashboard)
    pushes = PushDelivery(uow, notifier, clock, render_notices, base.timers.hold_notice)
    reminders = GrantReminders(uow, base.queue, policy, pushes, bridge.publish)
    connect = ConnectService(
        uow,
        clock,
        oauth,
        mailboxes.read_address,
        policy=policy,
        on_connected=both(reminders.on_connected, base.timers.on_connected),
        stop_push=mailboxes.stop_push if settings.push_enabled else None,
    )
    sending = SendingService(
        uow,
        clock,
        catalog,
        mailboxes.open,
        base.timers,
        daily_limit=settings.gmail_daily_send_limit,
        check_seconds=settings.sent_check_seconds,
        wake=base.alarm.after,
    )
    outbox = Outbox(
        base.queue,
        clock,
        sending,
        undo_seconds=settings.send_undo_seconds,
        wake=base.alarm.after,
        on_settled=after_settled(dashboard, partial(show_settled, bot, onboarding)),
    )
    review = ReviewService(uow, clock, catalog, base.timers)
    scans = ScanService(uow, catalog, mailboxes.open, clock, wake=base.alarm.after)
    decisions = DecisionService(uow, review, scans)
    admin = base.console
    console = AdminConsole(
        uow, clock, admin.queries, admin.heartbeat, frozenset(settings.admin_ids), activity=admin.activity
    )
    live_catalog = LiveCatalog(admin.overrides, catalog, admin.replace_catalog)
    return Services(
        onboarding=onboarding,
        privacy=PrivacyService(uow, clock, revoke_tokens=connect.revoke_all),
        refusals=RefusalLog(uow),
        clock=clock,
        google_enabled=settings.has_google,
        connect=connect,
        mailboxes=mailboxes,
        gmail=gmail,
        review=review,
        decisions=decisions,
        sending=sending,
        outbox=outbox,
        bulk=BulkSender(sending, pacing_seconds=settings.send_pacing_seconds),
        send_all=SendAllJobs(
            uow,
            clock,
            sending,
            base.timers,
            pacing_seconds=settings.send_pacing_seconds,
            wake=base.alarm.after,
            on_progress=partial(show_send_all_progress, bot, onboarding),
        ),
        follow_ups=FollowUps(uow, catalog, sending),
        tracking=TrackingService(uow, catalog),
        replies=ReplyReader(uow, mailboxes.open),
        pushes=pushes,
        scans=scans,
        scan_jobs=ScanJobs(
            scans,
            clock,
            ScanMessages(bot, decisions, dashboard, frozenset(settings.admin_ids)),
            onboarding.user,
            lease_seconds=settings.job_lease_seconds,
            wake=base.alarm.after,
            stopping=admin.heartbeat.is_stopping,
        ),
        report=ReportService(uow, catalog, clock),
        dashboard=dashboard,
        drop_reminder=base.timers.on_drop_recorded,
        schedule_resume=base.timers.resume_sends,
        alerts=alerts,
        admin_ids=frozenset(settings.admin_ids),
        console=console,
        catalog_admin=CatalogAdmin(console, clock, admin.queries, live_catalog),
        catalog_import=CatalogImport(console, clock, live_catalog),
        broadcasts=BroadcastService(
            admin.broadcasts,
            base.queue,
            clock,
            TelegramNotifier(bot),
            pushes,
            console,
            wake=base.alarm.after,
            show_progress=partial(show_progress, bot, onboarding),
            stopping=admin.heartbeat.is_stopping,
        ),
    )


def both(first: OnConnected, second: OnConnected) -> OnConnected:
    async def on_connected(account: Account, at: datetime) -> None:
        await first(account, at)
        await second(account, at)

    return on_connected


def build_oauth_web(settings: Settings, services: Services, bridge: TelegramBridge) -> OAuthWeb:
    """The pages Google sends the person back to after consent."""
    return OAuthWeb(
        connect=services.connect,
        language_of=bridge.language_of,
        publish=bridge.publish,
        telegram_link=bridge.telegram_link,
        deep_link=bridge.deep_link,
        secure_cookie=settings.public_url.startswith("https://"),
        limiter=AsyncLimiter(CALLBACKS_PER_SECOND, 1),
        clients=PerClientLimit(burst=CLIENT_CALLBACK_BURST, per_second=CLIENT_CALLBACKS_PER_SECOND),
        exchanges=asyncio.Semaphore(CONCURRENT_EXCHANGES),
    )


def build_push(base: Foundation, services: Services) -> GmailPush | None:
    """Gmail push where the operator configured a Pub/Sub topic (GMAIL_PUBSUB_TOPIC), else None."""
    if not base.settings.push_enabled:
        return None
    return GmailPush(
        base.uow,
        partial(services.mailboxes.open, background=True),
        base.clock,
        base.queue,
        topic=base.settings.gmail_pubsub_topic,
        wake=base.alarm.after,
        meter=base.console.heartbeat.reply_checks,
    )


def build_sweeper(
    base: Foundation, services: Services, bridge: TelegramBridge, push: GmailPush | None = None
) -> Sweeper:
    """The durable jobs: notices, reply checks, confirmed and resumed sends, woken by PTB's JobQueue."""
    uow, clock, catalog, timers = base.uow, base.clock, base.catalog, base.timers
    meter = base.console.heartbeat.reply_checks
    # Nobody waits for a recurring check: short of project quota, its calls go after sends and scans.
    background = partial(services.mailboxes.open, background=True)
    replies = ReplyChecker(
        uow,
        catalog,
        background,
        clock,
        poll=base.settings.reply_poll,
        meter=meter,
        history_ids=services.mailboxes.history_ids,
    )
    jobs = NoticeJobs(
        uow,
        clock,
        catalog,
        services.pushes,
        timers,
        replies,
        services.bulk,
        services.alerts,
        on_watching=timers.arm_watch if push is not None else None,
        meter=meter,
    )
    watches = {GmailWatch.KIND: push.renew_job} if push is not None else {}
    return Sweeper(
        base.queue,
        {
            **watches,
            ReplyNotice.KIND: jobs.reply_notice,
            ResumeSends.KIND: jobs.resume_sends,
            ConfirmedSend.KIND: services.outbox.send_confirmed_job,
            BroadcastRun.KIND: services.broadcasts.run_job,
            BroadcastHeld.KIND: services.broadcasts.held_job,
            BroadcastRetry.KIND: services.broadcasts.retry_job,
            SentCheck.KIND: services.outbox.sent_check_job,
            SendAllStep.KIND: services.send_all.step_job,
            ScanRun.KIND: services.scan_jobs.run_job,
            GrantExpiring.KIND: GrantReminders(
                uow, base.queue, services.connect.policy, services.pushes, bridge.publish
            ).remind,
        },
        base.clock,
        worker_id=default_worker_id(),
        lease_seconds=base.settings.job_lease_seconds,
        group_handlers={NoticeDue.KIND: jobs.notices},
        batch_handlers={ReplyCheck.KIND: jobs.reply_checks},
        on_give_up=bridge.job_gave_up,
        on_swept=base.console.heartbeat.swept,
    )
