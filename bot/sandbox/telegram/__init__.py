"""A fake Telegram Bot API server for end-to-end tests (see FakeTelegram)."""

from bot.sandbox.telegram.fake import FakeTelegram, NotADeepLink
from bot.sandbox.telegram.models import (
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
    "NotADeepLink",
    "RateLimits",
    "SentDocument",
    "SentMessage",
    "TelegramGroup",
    "TelegramUser",
    "Violation",
]
