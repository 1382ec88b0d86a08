"""The scan report's Ask / Skip per company, a few at a time, changed in place on the report itself.

A button names its company by its place in the list and a short check of its id (callback data holds
at most 64 bytes); when a rescan reordered the list, the check fails and the buttons are redrawn.
"""

from __future__ import annotations

import hashlib

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.i18n import Text
from bot.services.decisions import Choice, Decision
from brokers.accounts import AccountId
from brokers.catalog import Kind
from brokers.profile import User
from handlers.callbacks import Action, Callback, button_data, parse_id
from handlers.context import BotContext
from handlers.guards import answer, user_callback
from handlers.names import button_name

PAGE = 5
NAME_CHARS = 24
_PICKS = (Action.PICK_ASK, Action.PICK_SKIP, Action.PICK_PAGE)


def _check(broker_id: str) -> str:
    return hashlib.sha1(broker_id.encode(), usedforsecurity=False).hexdigest()[:4]


def pick_rows(
    t: Text, choices: list[Choice], account_id: AccountId, page: int, epoch: str
) -> list[list[InlineKeyboardButton]]:
    """One row per company on this page ([Ask name] [Skip], the current decision ticked), then paging."""
    if not choices:
        return []
    pages = (len(choices) + PAGE - 1) // PAGE
    page = max(0, min(page, pages - 1))
    rows = []
    for index, choice in enumerate(choices[page * PAGE : (page + 1) * PAGE], start=page * PAGE):
        name = button_name(choice.found.broker.name, NAME_CHARS)
        arg = f"{account_id}-{index}-{_check(choice.found.broker.id)}"
        asked, skipped = choice.decision is Decision.ASK, choice.decision is Decision.SKIP
        rows.append(
            [
                InlineKeyboardButton(
                    t("✓ Asking {name}", name=name) if asked else t("Ask {name}", name=name),
                    callback_data=button_data(Action.PICK_ASK, arg, epoch),
                ),
                InlineKeyboardButton(
                    t("✗ Skipped") if skipped else t("Skip"),
                    callback_data=button_data(Action.PICK_SKIP, arg, epoch),
                ),
            ]
        )
    nav = []
    if page > 0:
        nav.append(_page_button(t("« Back"), account_id, page - 1, epoch))
    if page + 1 < pages:
        nav.append(
            _page_button(
                t("More ({page}/{pages}) »", page=page + 1, pages=pages), account_id, page + 1, epoch
            )
        )
    return rows + ([nav] if nav else [])


def _page_button(text: str, account_id: AccountId, page: int, epoch: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text, callback_data=button_data(Action.PICK_PAGE, f"{account_id}-{page}", epoch)
    )


@user_callback(Action.PICK_ASK, Action.PICK_SKIP)
async def pick_callback(update: Update, context: BotContext, callback: Callback, user: User, t: Text) -> None:
    """Ask or Skip one company from the report; the report's buttons show the new decision."""
    parts = callback.arg.split("-")
    numbers = [parse_id(part) for part in parts[:2]]
    if len(parts) != 3 or numbers[0] is None or numbers[1] is None:
        await answer(update, t("This button is no longer valid. Send /start to see where you are."))
        return
    account, index = AccountId(numbers[0]), numbers[1]
    decisions = context.services.decisions
    choices = await decisions.choices(user.telegram_id, account)
    if index >= len(choices) or _check(choices[index].found.broker.id) != parts[2]:
        await answer(update, t("This list changed; here it is again."))
        await _redraw(update, t, choices, account, 0, user.epoch)
        return
    broker = choices[index].found.broker
    if callback.action is Action.PICK_ASK:
        done = await decisions.ask(user.telegram_id, account, broker.id)
        note = (
            t("Added {name}: deleting there may close your account.", name=broker.name)
            if broker.kind is Kind.COMPANY
            else t("Added {name}: its letter waits for your review.", name=broker.name)
        )
    else:
        done = await decisions.skip(user.telegram_id, account, broker.id)
        note = t("Skipped {name}: I won't suggest it again.", name=broker.name)
    if not done:
        await answer(update, t("Already done."))
        return
    await answer(update, note)
    choices = await decisions.choices(user.telegram_id, account)
    await _redraw(update, t, choices, account, index // PAGE, user.epoch)


@user_callback(Action.PICK_PAGE)
async def pick_page_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    number, _, page_text = callback.arg.partition("-")
    account, page = parse_id(number), parse_id(page_text)
    if account is None or page is None:
        await answer(update, t("This button is no longer valid. Send /start to see where you are."))
        return
    await answer(update)
    choices = await context.services.decisions.choices(user.telegram_id, AccountId(account))
    await _redraw(update, t, choices, AccountId(account), page, user.epoch)


async def _redraw(
    update: Update, t: Text, choices: list[Choice], account: AccountId, page: int, epoch: str
) -> None:
    """Swap the Ask / Skip rows of the report's keyboard in place; its other buttons stay as they were."""
    query = update.callback_query
    assert query is not None and query.message is not None
    markup = getattr(query.message, "reply_markup", None)
    picks = pick_rows(t, choices, account, page, epoch)
    rows: list[list[InlineKeyboardButton]] = []
    for row in markup.inline_keyboard if markup else ():
        if not any(_is_pick(button) for button in row):
            rows.append(list(row))
        elif picks:
            rows += picks
            picks = []
    await query.edit_message_reply_markup(InlineKeyboardMarkup(rows + picks))


def _is_pick(button: InlineKeyboardButton) -> bool:
    data = button.callback_data
    return isinstance(data, str) and data.split(":", 1)[0] in {a.value for a in _PICKS}
