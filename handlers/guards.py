"""Who is talking and in what language; the checks every button tap passes before it acts."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.constants import ChatType
from telegram.error import BadRequest

from bot.i18n import N_, Text
from brokers.profile import TelegramId, User, pick_language
from handlers.callbacks import Action, Callback, parse_callback
from handlers.context import BotContext

log = logging.getLogger(__name__)

UserCallback = Callable[[Update, BotContext, Callback, User, Text], Awaitable[None]]
Handler = Callable[[Update, BotContext], Coroutine[Any, Any, None]]
# A constant, not a literal at each call: the extractor finds no msgid in `text_for(update, user)("...")`.
START_FIRST = N_("Send /start first.")


def sender_id(update: Update) -> TelegramId:
    assert update.effective_user is not None
    return TelegramId(update.effective_user.id)


def text_for(update: Update, user: User | None) -> Text:
    if user is not None:
        return Text(user.language)
    language = update.effective_user.language_code if update.effective_user else None
    return Text(pick_language(language))


async def answer(update: Update, text: str | None = None) -> None:
    """Answer a tap at once; a late or repeated answer is harmless, so its error is only logged."""
    assert update.callback_query is not None
    try:
        await update.callback_query.answer(text[:200] if text else None)
    except BadRequest as exc:
        log.info("callback answer refused", extra={"reason": str(exc)[:80]})


def is_own_private_chat(update: Update) -> bool:
    query = update.callback_query
    message = query.message if query else None
    return (
        query is not None
        and message is not None
        and message.chat.type == ChatType.PRIVATE
        and message.chat.id == query.from_user.id
    )


@dataclass(frozen=True, slots=True)
class Tap:
    """A button handler with the actions it answers: registry.py routes each Action to exactly one."""

    actions: tuple[Action, ...]
    handle: Handler


def open_callback(*actions: Action) -> Callable[[Handler], Tap]:
    """Mark a tap handler that runs before there is a user to check (the consent button)."""

    def wrap(handler: Handler) -> Tap:
        return Tap(actions, handler)

    return wrap


def user_callback(*actions: Action) -> Callable[[UserCallback], Tap]:
    """Wrap a tap handler: parse the data, check the tapper owns the chat and the button is current."""

    def wrap(handler: UserCallback) -> Tap:
        async def checked(update: Update, context: BotContext) -> None:
            assert update.callback_query is not None
            callback = parse_callback(update.callback_query.data)
            tapper = sender_id(update)
            user = await context.services.onboarding.user(tapper)
            t = text_for(update, user)
            reason = _refusal(update, callback, user, actions)
            if reason is not None:
                await context.services.refusals.refuse(
                    actor=tapper, action=callback.action if callback else "malformed", reason=reason
                )
                await answer(update, t("This button is no longer valid. Send /start to see where you are."))
                return
            assert callback is not None and user is not None
            await handler(update, context, callback, user, t)

        return Tap(actions, checked)

    return wrap


def _refusal(
    update: Update, callback: Callback | None, user: User | None, actions: tuple[Action, ...]
) -> str | None:
    if callback is None or callback.action not in actions:
        return "malformed"
    if not is_own_private_chat(update):
        return "foreign"
    if user is None or callback.epoch != user.epoch:
        return "stale"
    return None
