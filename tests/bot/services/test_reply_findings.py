"""Reply checks against the fake Gmail: what is found in a request's thread and from the broker's domains."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import UTC, datetime
from email.message import EmailMessage

from bot.services.replies import MailboxOpener, ReplyChecker
from bot.services.reply_reader import ReplyReader
from brokers.accounts import AccountId
from brokers.catalog import load_bundled
from brokers.classify import ReplyClass
from brokers.errors import MailboxUnavailable
from brokers.lifecycle import RequestStatus
from brokers.mailbox import FullMessage, Mailbox
from brokers.requests import DeletionRequest
from tests.bot.services.mail import ADDRESS, FakeGmail, fake_gmail
from tests.clock import FakeClock
from tests.factories import (
    ANN,
    BOB,
    FULL_SCOPES,
    PRIVATE_SCOPES,
    a_draft,
    given_account,
    given_draft,
    given_status,
    given_user,
)
from tests.fakes.memory import MemoryUnitOfWorkFactory

S = RequestStatus
CATALOG = load_bundled()
BROKER = "01advertising"
ACCOUNT = AccountId(1)


async def sent_request(
    uow: MemoryUnitOfWorkFactory, gmail: FakeGmail, clock: FakeClock, scopes: frozenset[str] = FULL_SCOPES
) -> DeletionRequest:
    await given_user(uow)
    account = await given_account(uow, address=ADDRESS, scopes=scopes)
    letter = EmailMessage()
    letter["From"], letter["To"], letter["Subject"] = (
        f"Ann <{ADDRESS}>",
        "privacy@01advertising.com",
        "Erasure",
    )
    letter["Message-ID"] = "<req-1@example>"
    letter.set_content("Please delete my data.")
    async with gmail.opener(FULL_SCOPES)(account.id) as mailbox:
        sent = await mailbox.send(letter.as_bytes())
    draft = replace(a_draft(BROKER, account=account), recipient="privacy@01advertising.com")
    request = await given_draft(uow, draft)
    return await given_status(
        uow, request, S.SENDING, S.SENT,
        gmail_message_id=sent.id, gmail_thread_id=sent.thread_id, message_id_header="<req-1@example>",
        sent_at=clock.now(), deadline_at=datetime(2026, 12, 31, tzinfo=UTC),
    )  # fmt: skip


async def test_identity_demand_in_the_thread_moves_the_request_under_a_metadata_grant(
    uow: MemoryUnitOfWorkFactory, clock: FakeClock
) -> None:
    with fake_gmail() as gmail:
        request = await sent_request(uow, gmail, clock, PRIVATE_SCOPES)
        gmail.google.deliver(
            ADDRESS, "Privacy <privacy@01advertising.com>", "Re: Erasure",
            "Before we can act on your request, we need to verify your identity. Please reply with a copy "
            "of your ID.", thread_id=request.gmail_thread_id, in_reply_to="<req-1@example>",
        )  # fmt: skip
        checker = ReplyChecker(uow, lambda: CATALOG, gmail.opener(PRIVATE_SCOPES), clock)
        findings = await checker.check(ACCOUNT)
    assert [(f.cls, f.request.status) for f in findings] == [
        (ReplyClass.NEEDS_VERIFICATION, S.NEEDS_VERIFICATION)
    ]


def deliver(gmail: FakeGmail, request: DeletionRequest, body: str, **headers: str) -> str:
    return gmail.google.deliver(
        ADDRESS, "Privacy <privacy@01advertising.com>", "Re: Erasure", body,
        thread_id=request.gmail_thread_id, in_reply_to="<req-1@example>", headers=headers or None,
    )  # fmt: skip


async def test_automatic_reply_is_found_but_moves_nothing(
    uow: MemoryUnitOfWorkFactory, clock: FakeClock
) -> None:
    with fake_gmail() as gmail:
        request = await sent_request(uow, gmail, clock)
        deliver(gmail, request, "I am out of the office until Monday.", **{"Auto-Submitted": "auto-replied"})
        findings = await ReplyChecker(uow, lambda: CATALOG, gmail.opener(FULL_SCOPES), clock).check(ACCOUNT)
    assert [(f.cls, f.request.status, f.changed) for f in findings] == [
        (ReplyClass.AUTO_REPLY, S.SENT, False)
    ]


async def test_unclassifiable_reply_is_found_and_named_by_its_gmail_id(
    uow: MemoryUnitOfWorkFactory, clock: FakeClock
) -> None:
    with fake_gmail() as gmail:
        request = await sent_request(uow, gmail, clock)
        gmail_id = deliver(gmail, request, "Hello, see the attached PDF.")
        findings = await ReplyChecker(uow, lambda: CATALOG, gmail.opener(FULL_SCOPES), clock).check(ACCOUNT)
    assert [(f.cls, f.request.status, f.gmail_id) for f in findings] == [
        (ReplyClass.UNKNOWN, S.SENT, gmail_id)
    ]


async def test_overlapping_checks_tell_each_reply_once(
    uow: MemoryUnitOfWorkFactory, clock: FakeClock
) -> None:
    with fake_gmail() as gmail:
        request = await sent_request(uow, gmail, clock)
        deliver(gmail, request, "Hello, see the attached PDF.")
        checker = ReplyChecker(uow, lambda: CATALOG, gmail.opener(FULL_SCOPES), clock)
        first, second = await asyncio.gather(checker.check(ACCOUNT), checker.check(ACCOUNT))
    assert len(first) + len(second) == 1


async def test_answer_but_not_an_automatic_reply_counts_as_answered(
    uow: MemoryUnitOfWorkFactory, clock: FakeClock
) -> None:
    with fake_gmail() as gmail:
        request = await sent_request(uow, gmail, clock)
        checker = ReplyChecker(uow, lambda: CATALOG, gmail.opener(FULL_SCOPES), clock)
        deliver(gmail, request, "I am out of the office until Monday.")
        await checker.check(ACCOUNT)
        auto_only = await checker.was_answered(request.id)
        deliver(gmail, request, "Hello, see the attached PDF.")
        await checker.check(ACCOUNT)
        assert (auto_only, await checker.was_answered(request.id)) == (False, True)


async def test_reply_is_read_at_tap_time_without_its_quote(
    uow: MemoryUnitOfWorkFactory, clock: FakeClock
) -> None:
    with fake_gmail() as gmail:
        request = await sent_request(uow, gmail, clock)
        gmail_id = deliver(gmail, request, "We need more time.\n\n> Please delete my data.")
        await ReplyChecker(uow, lambda: CATALOG, gmail.opener(FULL_SCOPES), clock).check(ACCOUNT)
        reader = ReplyReader(uow, gmail.opener(FULL_SCOPES))
        assert await reader.text(ANN, request.id, gmail_id) == "We need more time."


async def test_reply_reader_reads_only_replies_recorded_for_the_persons_request(
    uow: MemoryUnitOfWorkFactory, clock: FakeClock
) -> None:
    with fake_gmail() as gmail:
        request = await sent_request(uow, gmail, clock)
        gmail_id = deliver(gmail, request, "We need more time.")
        reader = ReplyReader(uow, gmail.opener(FULL_SCOPES))
        unrecorded = await reader.text(ANN, request.id, gmail_id)
        await ReplyChecker(uow, lambda: CATALOG, gmail.opener(FULL_SCOPES), clock).check(ACCOUNT)
        assert (unrecorded, await reader.text(BOB, request.id, gmail_id)) == (None, None)


def failing_read(opener: MailboxOpener, broken: set[str]) -> MailboxOpener:
    """The real mailbox, except that reading a message in `broken` fails as Gmail's 5xx would."""

    @asynccontextmanager
    async def open_mailbox(account_id: AccountId) -> AsyncIterator[Mailbox]:
        async with opener(account_id) as mailbox:
            real_read = mailbox.read

            async def read(message_id: str, *, raw: bool) -> FullMessage:
                if message_id in broken:
                    raise MailboxUnavailable("messages.get", "503")
                return await real_read(message_id, raw=raw)

            mailbox.read = read  # type: ignore[method-assign]
            yield mailbox

    return open_mailbox


async def test_unreadable_reply_blocks_no_other_and_is_read_next_time(
    uow: MemoryUnitOfWorkFactory, clock: FakeClock
) -> None:
    with fake_gmail() as gmail:
        request = await sent_request(uow, gmail, clock)
        first = deliver(gmail, request, "Hello, please see the attached letter.")
        second = deliver(gmail, request, "We have received your request.")
        broken = {first}
        checker = ReplyChecker(uow, lambda: CATALOG, failing_read(gmail.opener(FULL_SCOPES), broken), clock)
        told = [f.gmail_id for f in await checker.check(ACCOUNT)]
        broken.clear()
        told_later = [f.gmail_id for f in await checker.check(ACCOUNT)]
    assert (told, told_later) == ([second], [first])
