"""TelegramNotifier: pushes to a person's private chat through the bot, as the Notifier port describes."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import ExtBot

from bot.pacing import Priority
from bot.rate_limit import ChatRateLimiter
from brokers.notify import Button, Delivery, DeliveryStatus

log = logging.getLogger(__name__)

BlockedHook = Callable[[int], Awaitable[None]]


class TelegramNotifier:
    """Implements brokers.notify.Notifier with a PTB bot (best an ExtBot with a ChatRateLimiter)."""

    def __init__(
        self, bot: Bot, *, on_blocked: BlockedHook | None = None, priority: Priority = Priority.BULK
    ) -> None:
        self._bot = bot
        self._on_blocked = on_blocked
        # rate_limit_args only exist on an ExtBot with a limiter that understands them.
        limited = isinstance(bot, ExtBot) and isinstance(bot.rate_limiter, ChatRateLimiter)
        self._extra: dict[str, Any] = {"rate_limit_args": priority} if limited else {}

    async def send(
        self, telegram_id: int, text: str, *, buttons: Sequence[Sequence[Button]] | None = None
    ) -> Delivery:
        try:
            message = await self._bot.send_message(
                telegram_id, text, parse_mode=ParseMode.HTML, reply_markup=_markup(buttons), **self._extra
            )
        except Forbidden as error:
            log.info("push to %s refused: the person blocked the bot or left", telegram_id)
            if self._on_blocked is not None:
                await self._on_blocked(telegram_id)
            return Delivery(DeliveryStatus.BLOCKED, error=error.message)
        except BadRequest as error:
            log.warning("push to %s rejected: %s", telegram_id, error.message)
            return Delivery(DeliveryStatus.FAILED, error=error.message)
        except (RetryAfter, NetworkError) as error:
            # NetworkError includes TimedOut; BadRequest (a subclass) was handled above.
            log.warning("push to %s not delivered for now: %s", telegram_id, type(error).__name__)
            return Delivery(DeliveryStatus.FAILED, error=error.message, retryable=True)
        except TelegramError as error:
            log.error("push to %s failed: %s", telegram_id, type(error).__name__)
            return Delivery(DeliveryStatus.FAILED, error=error.message)
        return Delivery(DeliveryStatus.DELIVERED, message_id=message.message_id)


def _markup(buttons: Sequence[Sequence[Button]] | None) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(button.text, callback_data=button.data) for button in row] for row in buttons]
    )
