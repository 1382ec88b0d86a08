"""The typed handler context: the services a handler may call, reached as `context.services`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.services.bulk import BulkSender
from bot.services.onboarding import OnboardingService
from bot.services.outbox import Outbox
from bot.services.privacy import PrivacyService
from bot.services.pushes import PushDelivery
from bot.services.refusals import RefusalLog
from bot.services.report import ReportService
from bot.services.review import ReviewService
from bot.services.scans import ScanService
from bot.services.sending import SendingService
from bot.services.tracking import TrackingService
from brokers.ports import Clock
from brokers.profile import TelegramId
from brokers.requests import RequestId

if TYPE_CHECKING:  # these import the Google adapters, which handlers must not load
    from bot.services.connect import ConnectService
    from bot.services.mailboxes import MailboxAccess

# Called when Send all stops at Gmail's limit: (person, the confirmed requests left, when to go on).
ResumeScheduler = Callable[[TelegramId, list[RequestId], datetime], Awaitable[None]]

SERVICES_KEY = "services"


@dataclass(slots=True)
class Services:
    onboarding: OnboardingService
    privacy: PrivacyService
    refusals: RefusalLog
    clock: Clock
    connect: ConnectService | None = None
    mailboxes: MailboxAccess | None = None
    review: ReviewService | None = None
    sending: SendingService | None = None
    bulk: BulkSender | None = None
    outbox: Outbox | None = None
    tracking: TrackingService | None = None
    scans: ScanService | None = None
    pushes: PushDelivery | None = None
    report: ReportService | None = None
    drop_reminder: Callable[[TelegramId, datetime], Awaitable[None]] | None = None
    schedule_resume: ResumeScheduler | None = None
    admin_ids: frozenset[int] = field(default_factory=frozenset)
    bot_username: str = ""


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[str, Any]]):
    @property
    def services(self) -> Services:
        services = self.bot_data[SERVICES_KEY]
        assert isinstance(services, Services)
        return services


BotApplication = Application[Any, BotContext, Any, Any, Any, Any]
