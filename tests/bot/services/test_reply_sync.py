"""Incremental reply sync: what the history since the last check brings, how it is matched to requests,
and that the position survives every failure and is never used twice."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import pytest

from bot.services.replies import ReplyChecker
from brokers.accounts import Account, AccountId
from brokers.classify import ReplyClass
from brokers.errors import MailboxQuotaExceeded, MailboxUnavailable, ReplyCheckDeferred
from brokers.lifecycle import RequestStatus
from brokers.mailbox import AddedMessage, Mailbox
from brokers.requests import DeletionRequest
from tests.bot.services.fake_ports import FakeMailbox, FakeMailboxOpener
from tests.bot.services.letters import ADDRESS, a_mailbox, catalog, deliver, given_sent
from tests.clock import FakeClock
from tests.factories import a_draft, given_account, given_draft, given_user
from tests.fakes.memory import MemoryUnitOfWorkFactory

S = RequestStatus
RECEIVED = "We have received your request and will respond within 30 days."
BOUNCE = "Your message wasn't delivered. The address couldn't be found."


@pytest.fixture
def mailbox() -> FakeMailbox:
    return a_mailbox()


@pytest.fixture
def replies(uow: MemoryUnitOfWorkFactory, mailbox: FakeMailbox, clock: FakeClock) -> ReplyChecker:
    return ReplyChecker(uow, catalog, FakeMailboxOpener(mailbox), clock)


@pytest.fixture
async def account(uow: MemoryUnitOfWorkFactory) -> Account:
    await given_user(uow)
    return await given_account(uow)


@pytest.fixture
async def synced(
    uow: MemoryUnitOfWorkFactory, account: Account, replies: ReplyChecker, clock: FakeClock
) -> DeletionRequest:
    """Ann's request to Acxiom (thread-1, <ddr.1@gmail.com>), sent and read once: the history starts."""
    request = await given_sent(uow, await given_draft(uow, a_draft(account=account)), at=clock.now())
    assert await replies.check(account.id) == []
    clock.advance(minutes=2)
    return request


async def sync_of(uow: MemoryUnitOfWorkFactory, account: Account) -> Account:
    async with uow() as unit:
        stored = await unit.accounts.get(account.id)
    assert stored is not None
    return stored


async def test_reply_from_the_brokers_domain_in_a_new_thread_is_found_in_the_history(
    replies: ReplyChecker, mailbox: FakeMailbox, account: Account, synced: DeletionRequest, clock: FakeClock
) -> None:
    searches = len(mailbox.queries)
    deliver(mailbox, "m-5", RECEIVED, thread_id="thread-new", sender="privacy@acxiom.com", at=clock.now())
    (finding,) = await replies.check(account.id)
    assert (finding.request.id, finding.cls, finding.gmail_id) == (synced.id, ReplyClass.ACKNOWLEDGED, "m-5")
    assert len(mailbox.queries) == searches  # found in the history and its headers, without a search


async def test_a_reply_is_told_once_however_often_the_account_is_checked(
    replies: ReplyChecker, mailbox: FakeMailbox, account: Account, synced: DeletionRequest, clock: FakeClock
) -> None:
    deliver(mailbox, "m-2", RECEIVED, thread_id="thread-1", at=clock.now())
    told = [f.gmail_id for f in await replies.check(account.id)]
    again = await replies.check(account.id)
    assert (told, again) == (["m-2"], [])


async def test_mail_the_person_sent_spam_and_trash_are_not_read(
    replies: ReplyChecker, mailbox: FakeMailbox, account: Account, synced: DeletionRequest, clock: FakeClock
) -> None:
    calls = mailbox.api_calls
    deliver(mailbox, "m-1", "my follow-up", thread_id="thread-1", sender=ADDRESS, at=clock.now(),
            labels=frozenset({"SENT"}))  # fmt: skip
    deliver(mailbox, "m-2", RECEIVED, thread_id="x", at=clock.now(), labels=frozenset({"SPAM"}))
    deliver(mailbox, "m-3", RECEIVED, thread_id="y", at=clock.now(), labels=frozenset({"TRASH", "INBOX"}))
    assert await replies.check(account.id) == []
    assert mailbox.api_calls - calls == 2  # the profile and the history, no message read


async def test_a_mailbox_without_changes_costs_one_profile_read_per_check(
    replies: ReplyChecker, mailbox: FakeMailbox, account: Account, synced: DeletionRequest
) -> None:
    calls = mailbox.api_calls
    for _ in range(3):
        assert await replies.check(account.id) == []
    assert mailbox.api_calls - calls == 3


async def test_other_senders_mail_is_not_taken_for_a_reply(
    replies: ReplyChecker, mailbox: FakeMailbox, account: Account, synced: DeletionRequest, clock: FakeClock
) -> None:
    deliver(mailbox, "m-4", RECEIVED, thread_id="z", sender="news@shop.example", at=clock.now())
    assert await replies.check(account.id) == []


async def test_reply_from_the_brokers_domain_before_the_request_went_out_is_not_its_reply(
    replies: ReplyChecker, mailbox: FakeMailbox, account: Account, synced: DeletionRequest, clock: FakeClock
) -> None:
    sent_at = synced.sent_at
    assert sent_at is not None
    deliver(mailbox, "m-6", RECEIVED, thread_id="old", at=sent_at - timedelta(days=3))
    assert await replies.check(account.id) == []


async def test_bounce_in_a_new_thread_naming_the_requests_message_id_is_its_reply(
    replies: ReplyChecker, mailbox: FakeMailbox, account: Account, synced: DeletionRequest, clock: FakeClock
) -> None:
    deliver(mailbox, "m-7", f"{BOUNCE}\n\nMessage-ID: <ddr.1@gmail.com>", thread_id="dsn",
            sender="mailer-daemon@googlemail.com", at=clock.now())  # fmt: skip
    (finding,) = await replies.check(account.id)
    assert (finding.request.id, finding.cls) == (synced.id, ReplyClass.BOUNCED)


async def test_reply_referring_to_the_request_in_a_new_thread_is_its_reply(
    replies: ReplyChecker, mailbox: FakeMailbox, account: Account, synced: DeletionRequest, clock: FakeClock
) -> None:
    deliver(mailbox, "m-8", RECEIVED, thread_id="t", sender="dpo@privacy-desk.example", at=clock.now(),
            extra=(("In-Reply-To", "<ddr.1@gmail.com>"),))  # fmt: skip
    (finding,) = await replies.check(account.id)
    assert finding.request.id == synced.id


async def test_expired_history_falls_back_to_a_search_and_starts_a_new_history(
    uow: MemoryUnitOfWorkFactory,
    replies: ReplyChecker,
    mailbox: FakeMailbox,
    account: Account,
    synced: DeletionRequest,
    clock: FakeClock,
) -> None:
    deliver(mailbox, "m-2", RECEIVED, thread_id="thread-1", at=clock.now())
    mailbox.expire_history()
    (finding,) = await replies.check(account.id)
    assert (finding.gmail_id, (await sync_of(uow, account)).sync.history_id) == ("m-2", "1")
    deliver(mailbox, "m-3", "We have deleted your personal data.", thread_id="thread-1", at=clock.now())
    assert [f.gmail_id for f in await replies.check(account.id)] == ["m-3"]


async def test_quota_answer_defers_the_check_and_keeps_the_position(
    uow: MemoryUnitOfWorkFactory,
    replies: ReplyChecker,
    mailbox: FakeMailbox,
    account: Account,
    synced: DeletionRequest,
    clock: FakeClock,
) -> None:
    before = (await sync_of(uow, account)).sync
    deliver(mailbox, "m-2", RECEIVED, thread_id="thread-1", at=clock.now())
    allowed = clock.now() + timedelta(minutes=30)
    mailbox.history_error = MailboxQuotaExceeded("history.list", allowed)
    with pytest.raises(ReplyCheckDeferred) as deferred:
        await replies.check(account.id)
    after = (await sync_of(uow, account)).sync
    assert (deferred.value.retry_at, after.history_id, after.failures) == (allowed, before.history_id, 1)
    mailbox.history_error = None
    assert [f.gmail_id for f in await replies.check(account.id)] == ["m-2"]
    assert (await sync_of(uow, account)).sync.failures == 0


async def test_server_errors_in_a_row_wait_longer_each_time(
    replies: ReplyChecker, mailbox: FakeMailbox, account: Account, synced: DeletionRequest, clock: FakeClock
) -> None:
    deliver(mailbox, "m-2", RECEIVED, thread_id="thread-1", at=clock.now())
    mailbox.history_error = MailboxUnavailable("history.list", "503")
    waits = []
    for _ in range(3):
        with pytest.raises(ReplyCheckDeferred) as deferred:
            await replies.check(account.id)
        waits.append(deferred.value.retry_at - clock.now())
    assert waits == [timedelta(minutes=4), timedelta(minutes=8), timedelta(minutes=16)]


class Barrier:
    """Holds each history read until `parties` checkers have read the same position."""

    def __init__(self, mailbox: FakeMailbox, parties: int) -> None:
        self.mailbox, self.parties, self.waiting = mailbox, parties, 0
        self.all_in = asyncio.Event()

    async def history_added(self, start: str) -> tuple[list[AddedMessage], str]:
        self.waiting += 1
        if self.waiting >= self.parties:
            self.all_in.set()
        await self.all_in.wait()
        return await FakeMailbox.history_added(self.mailbox, start)

    @asynccontextmanager
    async def __call__(self, _account_id: AccountId) -> AsyncIterator[Mailbox]:
        self.mailbox.history_added = self.history_added  # type: ignore[method-assign]
        yield self.mailbox


async def test_two_checkers_from_the_same_position_tell_a_reply_once(
    uow: MemoryUnitOfWorkFactory,
    mailbox: FakeMailbox,
    account: Account,
    synced: DeletionRequest,
    clock: FakeClock,
) -> None:
    # Two bot instances (each with its own checker) read the account at the same moment.
    deliver(mailbox, "m-2", RECEIVED, thread_id="thread-1", at=clock.now())
    barrier = Barrier(mailbox, parties=2)
    first, second = ReplyChecker(uow, catalog, barrier, clock), ReplyChecker(uow, catalog, barrier, clock)
    told = await asyncio.gather(first.check(account.id), second.check(account.id))
    assert sorted(len(findings) for findings in told) == [0, 1]


async def test_gmail_units_are_counted_per_account_and_day(
    uow: MemoryUnitOfWorkFactory,
    replies: ReplyChecker,
    mailbox: FakeMailbox,
    account: Account,
    synced: DeletionRequest,
    clock: FakeClock,
) -> None:
    mailbox.quota_units_used = 2
    await replies.check(account.id)
    today = (await sync_of(uow, account)).sync
    clock.advance(days=1)
    await replies.check(account.id)
    tomorrow = (await sync_of(uow, account)).sync
    assert (today.units, tomorrow.units, tomorrow.units_day) == (2, 2, clock.now().date())
