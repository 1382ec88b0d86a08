"""/connect, /accounts and /disconnect, and what the chat says after the browser part of connecting."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode

from bot.i18n import Text
from bot.services.connect_events import (
    AwaitingConfirmation,
    Cancelled,
    Connected,
    ConnectUpdate,
    Denied,
    ExchangeFailed,
    NoReadAccess,
    ReconnectNeeded,
)
from brokers.accounts import Account, AccountId, AccountState, StateProblem, StateRejected
from brokers.profile import TelegramId, User
from brokers.scopes import AccessMode
from handlers.callbacks import Action, Callback, button_data
from handlers.context import BotContext
from handlers.guards import START_FIRST, answer, sender_id, text_for, user_callback


def _retry_keyboard(t: Text, epoch: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("Try again"), callback_data=button_data(Action.CONNECT, AccessMode.SEARCH.value, epoch)
                )
            ]
        ]
    )


async def connect_command(update: Update, context: BotContext) -> None:
    assert update.effective_message is not None
    user = await context.services.onboarding.user(sender_id(update))
    if user is None:
        await update.effective_message.reply_text(text_for(update, None)(START_FIRST))
        return
    await send_connect_link(update, context, user, AccessMode.SEARCH)


async def send_connect_link(update: Update, context: BotContext, user: User, mode: AccessMode) -> None:
    assert update.effective_message is not None
    t = Text(user.language)
    services = context.services
    url = await services.connect.begin(user.telegram_id, mode) if services.google_enabled else None
    if url is None:
        await update.effective_message.chat.send_message(t("Connecting Gmail is not set up on this bot yet."))
        return
    if mode is AccessMode.SEARCH:
        text = t(
            "I will ask Google for two permissions: to <b>read</b> your mail (I only look at senders and "
            "dates, to find who has your data) and to <b>send</b> the deletion requests you confirm. "
            "The link works once, for 10 minutes, and only for you."
        )
        other = InlineKeyboardButton(
            t("Privacy mode (headers only, slower)"),
            callback_data=button_data(Action.CONNECT, AccessMode.PRIVACY.value, user.epoch),
        )
    else:
        text = t(
            "Privacy mode: Google lets me read only the headers of your mails (sender, date, subject), not "
            "their content. Scans are slower. The link works once, for 10 minutes, and only for you."
        )
        other = InlineKeyboardButton(
            t("Normal mode"), callback_data=button_data(Action.CONNECT, AccessMode.SEARCH.value, user.epoch)
        )
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton(t("Open Google to connect"), url=url)], [other]])
    await update.effective_message.chat.send_message(text, parse_mode=ParseMode.HTML, reply_markup=keyboard)


@user_callback(Action.CONNECT)
async def connect_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    await answer(update)
    mode = AccessMode.PRIVACY if callback.arg == AccessMode.PRIVACY.value else AccessMode.SEARCH
    await send_connect_link(update, context, user, mode)


def _state_text(t: Text, account: Account) -> str:
    if account.state is AccountState.NEEDS_RECONNECT:
        return t("needs reconnecting")
    if not account.grant.can_send:
        return t("connected, cannot send")
    if account.grant.is_privacy_mode:
        return t("connected, privacy mode")
    return t("connected")


async def accounts_command(update: Update, context: BotContext) -> None:
    assert update.effective_message is not None
    user = await context.services.onboarding.user(sender_id(update))
    t = text_for(update, user)
    accounts = await context.services.mailboxes.check(user.telegram_id) if user else []
    if user is None or not accounts:
        await update.effective_message.reply_text(t("No Gmail account is connected. /connect adds one."))
        return
    lines = [t("<b>Your Gmail accounts</b>")]
    lines += [f"• {escape(a.address)}: {_state_text(t, a)}" for a in accounts]
    rows = [
        [
            InlineKeyboardButton(
                t("Disconnect {address}", address=a.address),
                callback_data=button_data(Action.DISCONNECT, str(a.id), user.epoch),
            )
        ]
        for a in accounts
    ]
    rows += [
        [
            InlineKeyboardButton(
                t("Reconnect {address}", address=a.address),
                callback_data=button_data(Action.CONNECT, AccessMode.SEARCH.value, user.epoch),
            )
        ]
        for a in accounts
        if a.state is AccountState.NEEDS_RECONNECT
    ]
    rows.append(
        [
            InlineKeyboardButton(
                t("Add another account"),
                callback_data=button_data(Action.CONNECT, AccessMode.SEARCH.value, user.epoch),
            )
        ]
    )
    await update.effective_message.reply_text(
        "\n".join(lines), parse_mode=ParseMode.HTML, reply_markup=InlineKeyboardMarkup(rows)
    )


@user_callback(Action.DISCONNECT)
async def disconnect_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    query = update.callback_query
    assert query is not None
    account = None
    if callback.arg.isdigit():
        account = await context.services.connect.disconnect(user.telegram_id, AccountId(int(callback.arg)))
    if account is None:
        await answer(update, t("That account is not connected."))
        return
    await answer(update)
    await query.edit_message_text(
        t(
            "Disconnected {address}: I revoked my access at Google and deleted it here.",
            address=escape(account.address),
        ),
        parse_mode=ParseMode.HTML,
    )


async def connect_update(update: ConnectUpdate, context: BotContext) -> None:
    """Tell the person in the chat what happened in their browser."""
    outcome = update.outcome
    telegram_id: TelegramId | None
    if isinstance(outcome, Connected | ReconnectNeeded):
        telegram_id = outcome.account.telegram_id
    else:
        telegram_id = outcome.telegram_id
    if telegram_id is None:
        return
    user = await context.services.onboarding.user(telegram_id)
    if user is None:
        return
    t = Text(user.language)
    text, keyboard = _connect_message(t, outcome, user.epoch)
    await context.bot.send_message(telegram_id, text, parse_mode=ParseMode.HTML, reply_markup=keyboard)


def _connect_message(t: Text, outcome: object, epoch: str) -> tuple[str, InlineKeyboardMarkup | None]:
    retry = _retry_keyboard(t, epoch)
    if isinstance(outcome, Connected):
        account = outcome.account
        lines = [
            t("Connected as {address}.", address=escape(account.address))
            if outcome.created
            else t("Updated the connection of {address}.", address=escape(account.address))
        ]
        if account.grant.is_privacy_mode:
            lines.append(t("Privacy mode: I can read only headers, so scans are slower."))
        if not account.grant.can_send:
            lines.append(
                t("You did not allow sending, so I cannot send requests for you. Tap Try again to allow it.")
            )
        scan = InlineKeyboardButton(
            t("Scan my inbox"), callback_data=button_data(Action.SCAN, str(account.id), epoch)
        )
        rows = [[scan]] + ([list(retry.inline_keyboard[0])] if not account.grant.can_send else [])
        return "\n".join(lines), InlineKeyboardMarkup(rows)
    if isinstance(outcome, ReconnectNeeded):
        return t(
            "Google no longer lets me use {address} (access was withdrawn or the password changed). "
            "I stopped all work for it. Reconnect it to go on.",
            address=escape(outcome.account.address),
        ), retry
    if isinstance(outcome, AwaitingConfirmation):
        return t("Google signed you in. Please confirm in your browser which accounts to link."), None
    if isinstance(outcome, StateRejected):
        if outcome.problem is StateProblem.USED:
            return t("That connect link was already used. Here is a fresh start:"), retry
        return t("That connect link expired (links work for 10 minutes)."), retry
    if isinstance(outcome, Denied):
        return t("You did not give me access, so nothing was connected."), retry
    if isinstance(outcome, NoReadAccess):
        return t(
            "You allowed sending only. I need permission to read your mail headers to find who has your "
            "data; nothing was connected. Leave both boxes ticked when you try again."
        ), retry
    if isinstance(outcome, ExchangeFailed):
        if outcome.unavailable:
            return t("Google did not answer in time, so nothing was connected. Please try again."), retry
        return t("Google refused the connection, so nothing was connected. Please try again."), retry
    if isinstance(outcome, Cancelled):
        return t("You said no on the confirmation page, so nothing was connected."), None
    return t("Something unexpected happened while connecting; nothing was connected."), retry
