"""Reading one broker reply when the person asks to see it: fetched from Gmail at that moment, never kept."""

from __future__ import annotations

from bot.services.replies import MailboxOpener
from brokers.classify import load_eml
from brokers.errors import MailboxError
from brokers.ownership import owned_by
from brokers.ports import UnitOfWorkFactory
from brokers.profile import TelegramId
from brokers.reply_text import strip_quotes
from brokers.requests import RequestEvent, RequestId


class ReplyReader:
    def __init__(self, uow: UnitOfWorkFactory, open_mailbox: MailboxOpener) -> None:
        self._uow = uow
        self._open = open_mailbox

    async def text(self, telegram_id: TelegramId, request_id: RequestId, gmail_id: str) -> str | None:
        """The reply's own words (quotes dropped), or None when it is not a reply recorded for this
        person's request or can no longer be read (deleted, grant gone)."""
        async with self._uow() as uow:
            request = owned_by(await uow.requests.get(request_id), telegram_id)
            if request is None or request.account_id is None:
                return None
            history = await uow.requests.history(request_id)
            account = await uow.accounts.get(request.account_id)
        # Only a message the reply check recorded for this request may be read: a forged id reads nothing.
        if account is None or not any(_records(e, gmail_id) for e in history):
            return None
        try:
            async with self._open(account.id) as mailbox:
                message = await mailbox.read(gmail_id, raw=account.grant.can_search)
        except MailboxError:
            return None
        if message.raw is None:
            return message.snippet
        reply = load_eml(message.raw.decode("utf-8", "replace"))
        return strip_quotes(reply.text) or reply.text


def _records(event: RequestEvent, gmail_id: str) -> bool:
    evidence = event.evidence or {}
    return event.reason.startswith("reply: ") and evidence.get("gmail_id") == gmail_id
