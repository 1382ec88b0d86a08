"""The typed handler context: the services a handler may call, reached as `context.services`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.services.onboarding import OnboardingService
from bot.services.privacy import PrivacyService
from bot.services.refusals import RefusalLog
from brokers.ports import Clock

if TYPE_CHECKING:  # these import the Google adapters, which handlers must not load
    from bot.services.connect import ConnectService
    from bot.services.mailboxes import MailboxAccess

SERVICES_KEY = "services"


@dataclass(slots=True)
class Services:
    onboarding: OnboardingService
    privacy: PrivacyService
    refusals: RefusalLog
    clock: Clock
    connect: ConnectService | None = None
    mailboxes: MailboxAccess | None = None
    admin_ids: frozenset[int] = field(default_factory=frozenset)
    bot_username: str = ""


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[str, Any]]):
    @property
    def services(self) -> Services:
        services = self.bot_data[SERVICES_KEY]
        assert isinstance(services, Services)
        return services


BotApplication = Application[Any, BotContext, Any, Any, Any, Any]
