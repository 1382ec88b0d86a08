"""A person using the bot: their settings, their consent and the details a deletion letter may name."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import NewType

TelegramId = NewType("TelegramId", int)

SUPPORTED_LANGUAGES = ("en", "de")
DEFAULT_LANGUAGE = "en"

MAX_NAME_LENGTH = 200
MAX_ADDRESS_LENGTH = 500
MAX_OTHER_EMAILS = 5
MAX_PHONE_LENGTH = 40


class Step(StrEnum):
    """Where a person is in onboarding; DONE once every question was answered or skipped."""

    NAME = "name"
    EMAILS = "emails"
    ADDRESS = "address"
    TIMEZONE = "timezone"
    JURISDICTION = "jurisdiction"
    LANGUAGE = "language"
    DONE = "done"


ONBOARDING_ORDER = (Step.NAME, Step.EMAILS, Step.ADDRESS, Step.JURISDICTION, Step.LANGUAGE, Step.DONE)


class NoticePace(StrEnum):
    """How routine updates (receipts, "deadline near", acknowledgements) reach a person."""

    IMMEDIATE = "immediate"  # in the day's digest
    WEEKLY = "weekly"  # in a digest once a week


class ProfileField(StrEnum):
    """The free-text details a person can type (the others are chosen with buttons)."""

    NAME = "name"
    EMAILS = "emails"
    ADDRESS = "address"
    TIMEZONE = "timezone"
    PHONE = "phone"


@dataclass(frozen=True, slots=True)
class Profile:
    """The details a letter may include; only what the person chose to give."""

    full_name: str | None = None
    other_emails: tuple[str, ...] = ()
    postal_address: str | None = None
    phone: str | None = None


@dataclass(frozen=True, slots=True)
class QuietHours:
    """When a person wants no pushes: hours `start` to `end` in their `timezone` (None: never quiet)."""

    telegram_id: TelegramId
    timezone: str = "UTC"
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class User:
    telegram_id: TelegramId
    language: str
    consent_at: datetime
    epoch: str
    jurisdiction: str | None = None
    timezone: str = "UTC"
    quiet_start: int | None = None
    quiet_end: int | None = None
    profile: Profile = field(default_factory=Profile)
    step: Step = Step.NAME
    editing: ProfileField | None = None
    active: bool = True
    drop_submitted_at: datetime | None = None
    notice_pace: NoticePace = NoticePace.WEEKLY
    # Opted in to share unknown sender domains (counted without any user id); off by default.
    share_domains: bool = False
    domains_shared_at: datetime | None = None  # each person counts once per domain, ever

    @property
    def quiet_hours(self) -> QuietHours:
        return QuietHours(self.telegram_id, self.timezone, self.quiet_start, self.quiet_end)

    @property
    def is_californian(self) -> bool:
        return self.jurisdiction == "US-CA"

    @property
    def is_onboarded(self) -> bool:
        return self.step is Step.DONE


def next_step(step: Step) -> Step:
    """The onboarding question after `step`."""
    index = ONBOARDING_ORDER.index(step)
    return ONBOARDING_ORDER[min(index + 1, len(ONBOARDING_ORDER) - 1)]


def pick_language(telegram_language: str | None) -> str:
    """Take the person's Telegram language when we speak it (``de-AT`` -> ``de``)."""
    if telegram_language:
        base = telegram_language.split("-")[0].lower()
        if base in SUPPORTED_LANGUAGES:
            return base
    return DEFAULT_LANGUAGE
