"""The person's fake mailbox and requests that went out, for the tests of sending, replies and notices."""

from __future__ import annotations

from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any

from bot.services.timers import RequestTimers
from brokers.catalog import Catalog, load_bundled
from brokers.lifecycle import RequestStatus
from brokers.mailbox import AddedMessage, FullMessage, MessageHeaders
from brokers.ports import Clock, UnitOfWorkFactory
from brokers.requests import DeletionRequest
from tests.bot.services.fake_ports import FakeMailbox, FakeMailboxOpener
from tests.factories import given_status, some_tokens
from tests.fakes.memory import MemoryJobQueue, MemoryUnitOfWorkFactory

ADDRESS = "ann@gmail.com"
CATALOG = load_bundled()


def catalog() -> Catalog:
    return CATALOG


def a_mailbox() -> FakeMailbox:
    return FakeMailbox(some_tokens(), ADDRESS)


def an_opener(mailbox: FakeMailbox | None = None) -> FakeMailboxOpener:
    return FakeMailboxOpener(mailbox or a_mailbox())


def deliver(
    mailbox: FakeMailbox,
    message_id: str,
    text: str,
    *,
    thread_id: str,
    sender: str = "privacy@acxiom.com",
    at: datetime,
    labels: frozenset[str] = frozenset({"INBOX"}),
    extra: tuple[tuple[str, str], ...] = (),
) -> None:
    """Put a message into the mailbox: in its thread and its history, readable whole or as a snippet."""
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = sender, ADDRESS, "Your request"
    mail.set_content(text)
    for name, value in extra:
        mail[name] = value
    header_pairs = (("From", sender), ("Subject", "Your request"), *extra)
    headers = MessageHeaders(message_id, thread_id, at, sender, None, headers=header_pairs)
    mailbox.threads.setdefault(thread_id, []).append(headers)
    mailbox.messages[message_id] = FullMessage(headers, text, mail.as_bytes())
    mailbox.history.append(AddedMessage(message_id, thread_id, labels))


async def given_sent(
    uow: UnitOfWorkFactory, draft: DeletionRequest, *, at: datetime, deadline_days: int = 30
) -> DeletionRequest:
    """The draft as SendingService leaves it once Gmail accepted it (ids derived from the request id)."""
    rid = draft.id
    sending = await given_status(
        uow, draft, RequestStatus.SENDING, message_id_header=f"<ddr.{rid}@gmail.com>"
    )
    return await given_status(
        uow,
        sending,
        RequestStatus.SENT,
        gmail_message_id=f"sent-{rid}",
        gmail_thread_id=f"thread-{rid}",
        sent_at=at,
        deadline_at=at + timedelta(days=deadline_days),
    )


def timers(uow: MemoryUnitOfWorkFactory, clock: Clock) -> RequestTimers:
    """The request timers on the memory store's job queue."""
    return RequestTimers(MemoryJobQueue(uow.database, clock), clock)


def pending_jobs(
    uow: MemoryUnitOfWorkFactory,
) -> list[tuple[str, datetime, int | None, int | None, str | None, Any]]:
    """The queue's unfinished jobs as (kind, due, user, request, dedupe key, payload), oldest id first."""
    return [
        (j.kind, j.due_at, j.user_id, j.request_id, j.dedupe_key, j.payload)
        for _, j in sorted(uow.database.committed.jobs.items())
        if j.done_at is None
    ]
