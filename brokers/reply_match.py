"""Which deletion request a newly arrived message answers: the same thread, a reference to the request's
Message-ID, a sender of the broker's (after the request went out), or a delivery report naming it."""

from __future__ import annotations

from collections.abc import Sequence

from brokers.catalog import Catalog
from brokers.mailbox import AddedMessage, MessageHeaders
from brokers.matching import match_sender, parse_sender
from brokers.requests import DeletionRequest

# Gmail labels of mail that is no answer: the person's own, spam, deleted, unsent, chat.
NOT_INCOMING = frozenset({"SENT", "SPAM", "TRASH", "DRAFT", "CHAT"})
REPORT_SENDERS = frozenset({"mailer-daemon", "postmaster"})
MATCH_HEADERS = ("From", "Reply-To", "Date", "In-Reply-To", "References", "Content-Type", "Auto-Submitted")


def is_incoming(message: AddedMessage) -> bool:
    return not message.label_ids & NOT_INCOMING


def request_in_thread(thread_id: str, requests: Sequence[DeletionRequest]) -> DeletionRequest | None:
    return next((r for r in requests if r.gmail_thread_id and r.gmail_thread_id == thread_id), None)


def request_answered_by(
    headers: MessageHeaders, requests: Sequence[DeletionRequest], catalog: Catalog
) -> DeletionRequest | None:
    """The request a message outside its thread answers: by In-Reply-To/References, else by the
    broker's address (domains and ticket-system hosts) on mail that came after the request was sent."""
    references = f"{headers.header('In-Reply-To') or ''} {headers.header('References') or ''}".lower()
    if references.strip():
        named = _named(references, requests)
        if named is not None:
            return named
    broker = match_sender(catalog, headers.from_header or "", headers.reply_to)
    if broker is None:
        return None
    sent_before = [
        r
        for r in requests
        if r.broker_id == broker.id and r.sent_at is not None and r.sent_at <= headers.internal_date
    ]
    return max(sent_before, key=lambda r: r.sent_at or headers.internal_date, default=None)


def is_delivery_report(headers: MessageHeaders) -> bool:
    """A bounce (RFC 3464 report, or mail from the mailer daemon): it names our Message-ID only inside."""
    sender = parse_sender(headers.from_header or "")
    content_type = (headers.header("Content-Type") or "").lower()
    return (sender is not None and sender.local_part in REPORT_SENDERS) or "multipart/report" in content_type


def request_named_in(text: str, requests: Sequence[DeletionRequest]) -> DeletionRequest | None:
    """The request whose Message-ID a delivery report quotes."""
    return _named(text.lower(), requests)


def _named(text: str, requests: Sequence[DeletionRequest]) -> DeletionRequest | None:
    for request in requests:
        message_id = (request.message_id_header or "").strip().strip("<>").strip().lower()
        if message_id and message_id in text:
            return request
    return None
