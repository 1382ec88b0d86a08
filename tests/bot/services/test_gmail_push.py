"""GmailPush: an account with open requests is watched and renewed daily, one with nothing open is no longer
watched, and a push brings only its own mailbox's reply check forward."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.reply_meter import ReplyCheckMeter
from bot.services.gmail_push import GmailPush
from bot.services.timers import RequestTimers, reply_check_key, watch_key
from brokers.accounts import Account
from brokers.errors import MailboxUnavailable
from brokers.jobs import Job, JobError, Postpone
from brokers.lifecycle import RequestStatus
from tests.bot.services.fake_ports import FakeMailbox, FakeMailboxOpener
from tests.bot.services.letters import a_mailbox, given_sent
from tests.clock import FakeClock
from tests.factories import a_draft, given_account, given_draft, given_status, given_user
from tests.fakes.memory import MemoryUnitOfWorkFactory
from tests.fakes.memory.jobs import MemoryJobQueue

TOPIC = "projects/deletion-bot/topics/gmail"


@pytest.fixture
def mailbox() -> FakeMailbox:
    return a_mailbox()


@pytest.fixture
def queue(uow: MemoryUnitOfWorkFactory, clock: FakeClock) -> MemoryJobQueue:
    return MemoryJobQueue(uow.database, clock)


@pytest.fixture
def meter() -> ReplyCheckMeter:
    return ReplyCheckMeter()


@pytest.fixture
def push(
    uow: MemoryUnitOfWorkFactory,
    mailbox: FakeMailbox,
    clock: FakeClock,
    queue: MemoryJobQueue,
    meter: ReplyCheckMeter,
) -> GmailPush:
    woken: list[float] = []
    return GmailPush(
        uow, FakeMailboxOpener(mailbox), clock, queue, topic=TOPIC, wake=woken.append, meter=meter
    )


@pytest.fixture
async def account(uow: MemoryUnitOfWorkFactory) -> Account:
    await given_user(uow)
    return await given_account(uow)


async def watch_job(push: GmailPush, queue: MemoryJobQueue, account: Account, clock: FakeClock) -> Job:
    await RequestTimers(queue, clock, push=True).arm_watch(account.telegram_id, account.id)
    (job,) = [
        j
        for j in await queue.claim_due("w", limit=10, lease_seconds=60)
        if j.dedupe_key == watch_key(account.id)
    ]
    return job


async def test_account_with_an_open_request_is_watched_and_renewed_within_a_day(
    uow: MemoryUnitOfWorkFactory,
    push: GmailPush,
    queue: MemoryJobQueue,
    account: Account,
    mailbox: FakeMailbox,
    clock: FakeClock,
) -> None:
    await given_sent(uow, await given_draft(uow, a_draft(account=account)), at=clock.now())
    outcome = await push.renew_job(await watch_job(push, queue, account, clock))
    assert (mailbox.watched, mailbox.watch_calls) == (TOPIC, 1)
    assert outcome == Postpone(clock.now() + timedelta(days=1))


async def test_a_new_watch_brings_the_reply_check_forward_for_mail_that_came_before_it(
    uow: MemoryUnitOfWorkFactory,
    push: GmailPush,
    queue: MemoryJobQueue,
    account: Account,
    clock: FakeClock,
) -> None:
    await given_sent(uow, await given_draft(uow, a_draft(account=account)), at=clock.now())
    timers = RequestTimers(queue, clock, reply_poll=timedelta(minutes=15))
    await timers.arm_reply_checks(account.telegram_id, account.id)  # at its moment within the interval
    job = await watch_job(push, queue, account, clock)
    assert await queue.claim_due("w", limit=10, lease_seconds=60) == []
    await push.renew_job(job)
    due = await queue.claim_due("w", limit=10, lease_seconds=60)
    assert [j.dedupe_key for j in due] == [reply_check_key(account.id)]


async def test_account_with_nothing_open_is_no_longer_watched(
    uow: MemoryUnitOfWorkFactory,
    push: GmailPush,
    queue: MemoryJobQueue,
    account: Account,
    mailbox: FakeMailbox,
    clock: FakeClock,
) -> None:
    sent = await given_sent(uow, await given_draft(uow, a_draft(account=account)), at=clock.now())
    await given_status(uow, sent, RequestStatus.COMPLETED)
    mailbox.watched = TOPIC
    assert await push.renew_job(await watch_job(push, queue, account, clock)) is None
    assert (mailbox.watched, mailbox.stop_calls, mailbox.watch_calls) == (None, 1, 0)


async def test_watch_and_stop_count_in_the_accounts_units_of_the_day(
    uow: MemoryUnitOfWorkFactory,
    push: GmailPush,
    meter: ReplyCheckMeter,
    queue: MemoryJobQueue,
    account: Account,
    mailbox: FakeMailbox,
    clock: FakeClock,
) -> None:
    sent = await given_sent(uow, await given_draft(uow, a_draft(account=account)), at=clock.now())
    await push.renew_job(await watch_job(push, queue, account, clock))
    await given_status(uow, sent, RequestStatus.COMPLETED)
    clock.advance(seconds=120)  # the first claim's lease ran out: the same job comes again
    mailbox.quota_units_used = 0  # each open is a new mailbox, counting from nothing
    await push.renew_job(await watch_job(push, queue, account, clock))
    async with uow() as unit:
        stored = await unit.accounts.get(account.id)
    assert stored is not None
    assert (mailbox.watch_calls, mailbox.stop_calls) == (1, 1)
    assert stored.sync.units_on(clock.now().date()) == 150
    assert meter.load(clock.now()).units == 150  # the last hour's cost on /health too


async def test_a_failed_watch_counts_no_units_and_is_retried(
    uow: MemoryUnitOfWorkFactory,
    push: GmailPush,
    queue: MemoryJobQueue,
    account: Account,
    mailbox: FakeMailbox,
    clock: FakeClock,
) -> None:
    await given_sent(uow, await given_draft(uow, a_draft(account=account)), at=clock.now())
    mailbox.error = MailboxUnavailable("watch", "HTTP 503")
    with pytest.raises(JobError):
        await push.renew_job(await watch_job(push, queue, account, clock))
    async with uow() as unit:
        stored = await unit.accounts.get(account.id)
    assert stored is not None
    assert stored.sync.units_on(clock.now().date()) == 0


async def test_push_brings_only_its_own_mailboxs_check_forward(
    uow: MemoryUnitOfWorkFactory,
    push: GmailPush,
    queue: MemoryJobQueue,
    account: Account,
    clock: FakeClock,
) -> None:
    other = await given_account(uow, address="bob@gmail.com")
    timers = RequestTimers(queue, clock, reply_poll=timedelta(minutes=15))
    for a in (account, other):
        await timers.arm_reply_checks(a.telegram_id, a.id)
    clock.advance(seconds=1)
    assert await push.pushed("Ann@Gmail.com", 12345) == 1
    assert await push.pushed("nobody@gmail.com", 12345) == 0
    due = await queue.claim_due("w", limit=10, lease_seconds=60)
    assert [j.dedupe_key for j in due] == [reply_check_key(account.id)]
