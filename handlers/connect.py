"""/connect, /accounts and /disconnect, and what the chat says after the browser part of connecting."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode

from bot.i18n import Text
from bot.services.connect_events import (
    Connected,
    ConnectUpdate,
    Denied,
    ExchangeFailed,
    ExpiryNear,
    LinkGone,
    LinkRefused,
    NoReadAccess,
    ReconnectNeeded,
)
from brokers.accounts import Account, AccountState, StateProblem, StateRejected
from brokers.profile import TelegramId, User
from brokers.scopes import AccessMode
from handlers.callbacks import Action, Callback, button_data
from handlers.connect_texts import connect_text
from handlers.context import BotContext
from handlers.guards import START_FIRST, answer, sender_id, text_for, user_callback
from handlers.next_steps import one, reconnect_button


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


# A mode toggle on the connect message ends its argument with this: that message is edited in place.
_IN_PLACE = "-e"


def connect_keyboard(t: Text, url: str, mode: AccessMode, epoch: str) -> InlineKeyboardMarkup:
    other, label = (
        (AccessMode.PRIVACY, t("Privacy mode (headers only, slower)"))
        if mode is AccessMode.SEARCH
        else (AccessMode.SEARCH, t("Normal mode"))
    )
    data = button_data(Action.CONNECT, other.value + _IN_PLACE, epoch)
    toggle = InlineKeyboardButton(label, callback_data=data)
    return InlineKeyboardMarkup([[InlineKeyboardButton(t("Open Google to connect"), url=url)], [toggle]])


async def send_connect_link(
    update: Update, context: BotContext, user: User, mode: AccessMode, *, in_place: bool = False
) -> None:
    """The connect message with a fresh link; a mode toggle edits the message it sits on instead."""
    assert update.effective_message is not None
    t = Text(user.language)
    services = context.services
    url = await services.connect.begin(user.telegram_id, mode) if services.google_enabled else None
    if url is None:
        await update.effective_message.chat.send_message(t("Connecting Gmail is not set up on this bot yet."))
        return
    text = connect_text(t, mode, services.connect.policy)
    keyboard = connect_keyboard(t, url, mode, user.epoch)
    query = update.callback_query
    if in_place and query is not None:
        await query.edit_message_text(
            text, parse_mode=ParseMode.HTML, reply_markup=keyboard, disable_web_page_preview=True
        )
        return
    await update.effective_message.chat.send_message(
        text, parse_mode=ParseMode.HTML, reply_markup=keyboard, disable_web_page_preview=True
    )


@user_callback(Action.CONNECT)
async def connect_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    await answer(update)
    arg = callback.arg.removesuffix(_IN_PLACE)
    mode = AccessMode.PRIVACY if arg == AccessMode.PRIVACY.value else AccessMode.SEARCH
    await send_connect_link(update, context, user, mode, in_place=callback.arg.endswith(_IN_PLACE))


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
    """The first tap asks, naming the address; only "Yes, disconnect …" revokes and deletes."""
    query = update.callback_query
    assert query is not None
    number, _, step = callback.arg.partition("-")
    if step == "no":
        await answer(update)
        await query.edit_message_text(t("Nothing changed: the account stays connected."))
        return
    accounts = await context.services.connect.accounts(user.telegram_id) if number.isdigit() else []
    account = next((a for a in accounts if str(a.id) == number), None)
    if account is not None and step == "yes":
        account = await context.services.connect.disconnect(user.telegram_id, account.id)
    if account is None:
        await answer(update, t("That account is not connected."))
        return
    await answer(update)
    if step != "yes":
        await query.edit_message_text(
            t(
                "Disconnect {address}? I will revoke my access at Google and delete it here. "
                "Your requests stay, but I can no longer send from this account or see its replies.",
                address=escape(account.address),
            ),
            parse_mode=ParseMode.HTML,
            reply_markup=InlineKeyboardMarkup(
                [
                    [
                        InlineKeyboardButton(
                            t("Yes, disconnect {address}", address=account.address),
                            callback_data=button_data(Action.DISCONNECT, f"{account.id}-yes", user.epoch),
                        )
                    ],
                    [
                        InlineKeyboardButton(
                            t("Cancel"),
                            callback_data=button_data(Action.DISCONNECT, f"{account.id}-no", user.epoch),
                        )
                    ],
                ]
            ),
        )
        return
    await query.edit_message_text(
        t(
            "Disconnected {address}: I revoked my access at Google and deleted it here.",
            address=escape(account.address),
        ),
        parse_mode=ParseMode.HTML,
    )


async def finish_link(update: Update, context: BotContext, link_token: str) -> None:
    """`/start <link token>` from the page after Google: link the Gmail if the sender asked for it."""
    assert update.effective_message is not None
    outcome = await context.services.connect.finish_link(link_token, sender_id(update))
    if isinstance(outcome, Connected):
        await connect_update(ConnectUpdate(outcome), context)
        return
    t = text_for(update, await context.services.onboarding.user(sender_id(update)))
    if isinstance(outcome, LinkGone):
        await update.effective_message.reply_text(
            t(
                "This link no longer works: each one works once, for 10 minutes. Nothing was linked. "
                "/connect gives you a new one."
            )
        )
        return
    await update.effective_message.reply_text(
        t(
            "This link belongs to someone else, so nothing was linked and the access to that Gmail was "
            "withdrawn. If someone sent you a link to connect your Gmail, do not use it: ask me with "
            "/connect instead."
        )
    )
    await connect_update(ConnectUpdate(outcome), context)


async def connect_update(update: ConnectUpdate, context: BotContext) -> None:
    """Tell the person in the chat what happened in their browser."""
    outcome = update.outcome
    telegram_id: TelegramId | None
    if isinstance(outcome, Connected | ReconnectNeeded | ExpiryNear):
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
    if isinstance(outcome, ExpiryNear):
        return t(
            "Google ends my connection to {address} within a day: this bot's Google project is in "
            "testing mode, where connections last 7 days. Reconnect now to keep scans and requests going.",
            address=escape(outcome.account.address),
        ), one(reconnect_button(t, epoch))
    if isinstance(outcome, ReconnectNeeded) and outcome.expected:
        return t(
            "My connection to {address} ended after its 7 days, as Google does for a bot in testing mode. "
            "Your requests and drafts are kept; reconnect to go on.",
            address=escape(outcome.account.address),
        ), one(reconnect_button(t, epoch))
    if isinstance(outcome, ReconnectNeeded):
        return t(
            "Google no longer lets me use {address} (access was withdrawn or the password changed). "
            "I stopped all work for it. Reconnect it to go on.",
            address=escape(outcome.account.address),
        ), one(reconnect_button(t, epoch))
    if isinstance(outcome, LinkRefused):
        # No address here: in a forwarded-link attack the owner is the attacker, the Gmail the victim's.
        return t(
            "Another Telegram account opened your link to finish connecting Gmail, so I linked nothing "
            "and withdrew the access Google gave. Never share that link; /connect starts again."
        ), retry
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
    return t("Something unexpected happened while connecting; nothing was connected."), retry
