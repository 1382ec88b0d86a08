"""Send all's confirmation as shown: every recipient by name, 20 a page, and the state its buttons carry."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Text
from bot.services.bulk import SendAllList
from brokers.accounts import AccountId
from handlers.callbacks import Action, button_data
from handlers.names import BUTTON_CHARS, button_name

PAGE_SIZE = 20
_STATE = re.compile(
    r"^(?P<account>\d{1,9})-(?P<number>\d{1,3})-(?P<added>[0-9a-f]{1,8})-(?P<fp>[0-9a-f]{8})$"
)


@dataclass(frozen=True, slots=True)
class Shown:
    """What a Send all button carries: the account, a page or company number, the choice, the fingerprint."""

    account_id: AccountId
    number: int
    added: int
    fingerprint: str

    def encode(self) -> str:
        return f"{self.account_id}-{self.number}-{self.added:x}-{self.fingerprint}"


def parse_shown(arg: str) -> Shown | None:
    match = _STATE.match(arg)
    if match is None:
        return None
    return Shown(AccountId(int(match["account"])), int(match["number"]), int(match["added"], 16), match["fp"])


def render_list(
    t: Text, address: str, listing: SendAllList, account_id: AccountId, page: int, epoch: str, note: str = ""
) -> tuple[str, InlineKeyboardMarkup]:
    """One page of the list; the Yes button only on the last page, so every name was on screen."""
    count, included = len(listing.included), listing.included
    pages = max(1, -(-count // PAGE_SIZE))
    page = min(page, pages - 1)
    lines = [note] if note else []
    lines.append(
        t.n(
            "Send {count} e-mail from {address}? It goes out right away, to:",
            "Send {count} e-mails from {address}? They go out one by one, a few seconds apart, to:",
            count,
            address=escape(address),
        )
    )
    start = page * PAGE_SIZE
    for number, recipient in enumerate(included[start : start + PAGE_SIZE], start=start + 1):
        lines.append(f"{number}. {escape(recipient.name)} ({escape(recipient.address)})")
    if pages > 1:
        lines.append(t("Page {page} of {pages}", page=page + 1, pages=pages))

    def button(text: str, action: Action, arg: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(text, callback_data=button_data(action, arg, epoch))

    def shown(number: int) -> str:
        return Shown(account_id, number, listing.added, listing.fingerprint).encode()

    rows: list[list[InlineKeyboardButton]] = []
    not_added = [(i, c) for i, c in enumerate(listing.companies) if not listing.is_added(i)]
    if not_added:
        lines += [
            "",
            t.n(
                "⚠️ Not on the list: {count} company you may have an account with. Deleting your data "
                "there usually closes that account: add it only if you are done with it.",
                "⚠️ Not on the list: {count} companies you may have an account with. Deleting your data "
                "there usually closes that account: add one only if you are done with it.",
                len(not_added),
            ),
        ]
        rows += [
            [button(t("Add {name}", name=button_name(c.name, BUTTON_CHARS)), Action.REQ_ALL_ADD, shown(i))]
            for i, c in not_added
        ]
    last = [button(t("Cancel"), Action.REQ_ALL_NO, str(account_id))]
    if page + 1 < pages:
        last.insert(0, button(t("More ›"), Action.REQ_ALL_PAGE, shown(page + 1)))
    elif count:
        last.insert(0, button(t("Yes, send {count}", count=count), Action.REQ_ALL_OK, shown(page)))
    rows.append(last)
    return "\n".join(lines), InlineKeyboardMarkup(rows)
