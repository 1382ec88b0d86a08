"""A fake Telegram Bot API server for end-to-end tests (see FakeTelegram)."""

from tests.fakes.telegram.fake import FakeTelegram
from tests.fakes.telegram.models import (
    AnsweredCallback,
    Button,
    Call,
    Delivery,
    MessageVersion,
    RateLimits,
    SentDocument,
    SentMessage,
    TelegramGroup,
    TelegramUser,
    Violation,
)

__all__ = [
    "AnsweredCallback",
    "Button",
    "Call",
    "Delivery",
    "FakeTelegram",
    "MessageVersion",
    "RateLimits",
    "SentDocument",
    "SentMessage",
    "TelegramGroup",
    "TelegramUser",
    "Violation",
]
