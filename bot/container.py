"""Services: everything the chat layer may call, built once by the composition root and never changed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from bot.services.admin_console import AdminConsole
from bot.services.broadcasts import BroadcastService
from bot.services.bulk import BulkSender
from bot.services.catalog_admin import CatalogAdmin
from bot.services.catalog_import import CatalogImport
from bot.services.dashboard import DashboardService
from bot.services.decisions import DecisionService
from bot.services.follow_ups import FollowUps
from bot.services.onboarding import OnboardingService
from bot.services.outbox import Outbox
from bot.services.privacy import PrivacyService
from bot.services.pushes import PushDelivery
from bot.services.refusals import RefusalLog
from bot.services.reply_reader import ReplyReader
from bot.services.report import ReportService
from bot.services.review import ReviewService
from bot.services.scan_jobs import ScanJobs
from bot.services.scans import ScanService
from bot.services.send_all_jobs import SendAllJobs
from bot.services.sending import SendingService
from bot.services.tracking import TrackingService
from brokers.ports import AdminAlerts, Clock
from brokers.profile import TelegramId
from brokers.requests import RequestId

if TYPE_CHECKING:  # these import the Google adapters, which handlers must not load
    from bot.google.connector import GmailConnector
    from bot.services.connect import ConnectService
    from bot.services.mailboxes import MailboxAccess

# Called when Send all stops at Gmail's limit: (person, the confirmed requests left, when to go on).
ResumeScheduler = Callable[[TelegramId, list[RequestId], datetime], Awaitable[None]]
# Called when a person says they submitted California's DROP form: (person, when).
DropReminder = Callable[[TelegramId, datetime], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Services:
    """The Google-backed services are built even when Google is not configured; they then find no
    accounts, and `google_enabled` tells the chat to say that connecting is not set up."""

    onboarding: OnboardingService
    privacy: PrivacyService
    refusals: RefusalLog
    clock: Clock
    google_enabled: bool
    connect: ConnectService
    mailboxes: MailboxAccess
    gmail: GmailConnector  # closed at shutdown: its connections to Gmail
    review: ReviewService
    decisions: DecisionService
    sending: SendingService
    outbox: Outbox
    bulk: BulkSender
    send_all: SendAllJobs
    follow_ups: FollowUps
    tracking: TrackingService
    replies: ReplyReader
    scans: ScanService
    scan_jobs: ScanJobs
    pushes: PushDelivery
    report: ReportService
    dashboard: DashboardService
    drop_reminder: DropReminder
    schedule_resume: ResumeScheduler
    alerts: AdminAlerts
    admin_ids: frozenset[int]
    console: AdminConsole
    catalog_admin: CatalogAdmin
    catalog_import: CatalogImport
    broadcasts: BroadcastService
