"""Review a few cards at a time: a page of cards, then one footer with Send all and "More".

"More" carries the last card shown, not an offset: the next page is the drafts ranked after it, so
cards sent or skipped meanwhile neither shift the pages nor hide a card, and a stale "More" shows
only what is still a draft. The rank is the review order (oldest first; after a DROP request, the
brokers DROP reaches come last), recomputed from the database at every tap.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.constants import ParseMode

from bot.i18n import Text
from bot.services.bulk import send_all_list
from bot.services.review import Card
from brokers.profile import User
from brokers.requests import Channel
from handlers.callbacks import Action, button_data, parse_id

PAGE_SIZE = 5

Rank = tuple[int, int]
Render = Callable[[Card], tuple[str, InlineKeyboardMarkup]]


def rank(user: User, card: Card) -> Rank:
    later = user.drop_submitted_at is not None and card.broker.is_drop_covered
    return (int(later), card.request.id)


def encode_cursor(value: Rank) -> str:
    return f"{value[0]}-{value[1]}"


def parse_cursor(arg: str) -> Rank | None:
    group, _, request_id = arg.partition("-")
    number = parse_id(request_id)
    if group not in ("0", "1") or number is None:
        return None
    return (int(group), number)


def page_after(user: User, cards: Sequence[Card], cursor: Rank | None) -> tuple[list[Card], int, int]:
    """The page of cards after `cursor`, how many come before it, and how many after it."""
    ordered = sorted(cards, key=lambda c: rank(user, c))
    start = 0 if cursor is None else sum(1 for c in ordered if rank(user, c) <= cursor)
    page = ordered[start : start + PAGE_SIZE]
    return page, start, len(ordered) - start - len(page)


async def post_page(
    message: Message, user: User, cards: Sequence[Card], cursor: Rank | None, render: Render
) -> None:
    """The page's cards, then a footer: where this page is, Send all, and More while cards remain."""
    t = Text(user.language)
    page, before, after = page_after(user, cards, cursor)
    if not page:
        await message.chat.send_message(t("Nothing more to review: every draft is above or was handled."))
        return
    for card in page:
        text, keyboard = render(card)
        await message.chat.send_message(text, parse_mode=ParseMode.HTML, reply_markup=keyboard)
    lines, rows = _send_all_offer(t, user, cards)
    if before or after:
        lines.insert(
            0,
            t(
                "Drafts {first}–{last} of {total}.",
                first=before + 1,
                last=before + len(page),
                total=before + len(page) + after,
            ),
        )
    if after:
        more = button_data(Action.REVIEW_MORE, encode_cursor(rank(user, page[-1])), user.epoch)
        rows.append([InlineKeyboardButton(t("More ({count} left)", count=after), callback_data=more)])
    if lines:
        await message.chat.send_message(
            "\n".join(lines), reply_markup=InlineKeyboardMarkup(rows) if rows else None
        )


def _send_all_offer(
    t: Text, user: User, cards: Sequence[Card]
) -> tuple[list[str], list[list[InlineKeyboardButton]]]:
    by_email = [c for c in cards if c.request.channel is Channel.EMAIL]
    account_id = by_email[0].request.account_id if by_email else None
    # Companies are left out: Send all covers them only when added one by one after a warning.
    count = len(send_all_list(cards, account_id).included) if account_id is not None else 0
    if count <= 1:
        return [], []
    text = t.n("{count} request can go out by e-mail.", "{count} requests can go out by e-mail.", count)
    data = button_data(Action.REQ_ALL, str(account_id), user.epoch)
    return [text], [[InlineKeyboardButton(t("Send all {count}", count=count), callback_data=data)]]
