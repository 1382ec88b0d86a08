"""RequestTimers: what a sent request arms in the durable queue, once however often it is asked."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from bot.services.timers import REPLY_CHECK_EVERY, RequestTimers
from brokers.accounts import Account
from brokers.deadlines import receipt_due_for
from brokers.laws import law_by_code
from brokers.requests import DeletionRequest, RequestId
from tests.bot.services.letters import given_sent, pending_jobs
from tests.clock import FakeClock
from tests.factories import ANN, a_draft, given_account, given_draft, given_user
from tests.fakes.memory import MemoryJobQueue, MemoryUnitOfWorkFactory


@pytest.fixture
def timers(uow: MemoryUnitOfWorkFactory, clock: FakeClock) -> RequestTimers:
    return RequestTimers(MemoryJobQueue(uow.database, clock), clock)


@pytest.fixture
async def account(uow: MemoryUnitOfWorkFactory) -> Account:
    await given_user(uow)
    return await given_account(uow)


async def sent(
    uow: MemoryUnitOfWorkFactory,
    account: Account,
    clock: FakeClock,
    *,
    law: str = "gdpr",
    deadline_days: int = 30,
) -> DeletionRequest:
    draft = await given_draft(uow, replace(a_draft(account=account), law=law))
    return await given_sent(uow, draft, at=clock.now(), deadline_days=deadline_days)


async def test_sent_request_arms_its_deadline_notices_and_the_reply_checks(
    timers: RequestTimers, uow: MemoryUnitOfWorkFactory, account: Account, clock: FakeClock
) -> None:
    request = await sent(uow, account, clock)
    await timers.on_sent(request)
    deadline, rid = clock.now() + timedelta(days=30), request.id
    assert pending_jobs(uow) == [
        ("notice", deadline - timedelta(days=3), ANN, rid, f"deadline_near:{rid}", {"type": "deadline_near"}),
        ("notice", deadline, ANN, rid, f"deadline_passed:{rid}", {"type": "deadline_passed"}),
        ("reply_check", timers.next_reply_check(account.id), ANN, None, f"replies:{account.id}",
         {"account": account.id}),
    ]  # fmt: skip


async def test_with_gmail_push_a_sent_request_also_watches_its_mailbox_at_once(
    uow: MemoryUnitOfWorkFactory, account: Account, clock: FakeClock
) -> None:
    timers = RequestTimers(MemoryJobQueue(uow.database, clock), clock, push=True)
    await timers.on_sent(await sent(uow, account, clock))
    watches = [job for job in pending_jobs(uow) if job[0] == "gmail_watch"]
    key, payload = f"watch:{account.id}", {"account": account.id}
    assert watches == [("gmail_watch", clock.now(), ANN, None, key, payload)]


async def test_a_reconnected_account_is_read_for_replies_again(
    timers: RequestTimers, uow: MemoryUnitOfWorkFactory, account: Account, clock: FakeClock
) -> None:
    await timers.on_connected(account, clock.now())
    assert pending_jobs(uow) == [
        ("reply_check", timers.next_reply_check(account.id), ANN, None, f"replies:{account.id}",
         {"account": account.id}),
    ]  # fmt: skip


async def test_ccpa_request_also_arms_the_receipt_check(
    timers: RequestTimers, uow: MemoryUnitOfWorkFactory, account: Account, clock: FakeClock
) -> None:
    request = await sent(uow, account, clock, law="ccpa")
    await timers.on_sent(request)
    receipt = receipt_due_for(law_by_code("ccpa"), clock.now())
    assert [job for job in pending_jobs(uow) if job[4] == f"receipt_missing:{request.id}"] == [
        ("notice", receipt, ANN, request.id, f"receipt_missing:{request.id}", {"type": "receipt_missing"})
    ]


async def test_deadline_too_close_for_a_reminder_arms_only_the_deadline(
    timers: RequestTimers, uow: MemoryUnitOfWorkFactory, account: Account, clock: FakeClock
) -> None:
    request = await sent(uow, account, clock, deadline_days=2)
    await timers.on_sent(request)
    assert [job[4] for job in pending_jobs(uow)] == [f"deadline_passed:{request.id}", f"replies:{account.id}"]


async def test_request_that_did_not_go_out_arms_nothing(
    timers: RequestTimers, uow: MemoryUnitOfWorkFactory, account: Account
) -> None:
    await timers.on_sent(await given_draft(uow, a_draft(account=account)))
    assert pending_jobs(uow) == []


async def test_arming_twice_keeps_one_job_of_each(
    timers: RequestTimers, uow: MemoryUnitOfWorkFactory, account: Account, clock: FakeClock
) -> None:
    request = await sent(uow, account, clock)
    await timers.on_sent(request)
    once = pending_jobs(uow)
    await timers.on_sent(request)
    assert pending_jobs(uow) == once


async def test_two_requests_of_one_account_share_one_reply_check(
    timers: RequestTimers, uow: MemoryUnitOfWorkFactory, account: Account, clock: FakeClock
) -> None:
    await timers.on_sent(await sent(uow, account, clock))
    other = await given_draft(uow, a_draft("corelogic", account=account))
    await timers.on_sent(await given_sent(uow, other, at=clock.now()))
    assert [job[4] for job in pending_jobs(uow) if job[0] == "reply_check"] == [f"replies:{account.id}"]


async def test_overdue_request_arms_the_escalation_after_the_follow_up_grace(
    timers: RequestTimers, uow: MemoryUnitOfWorkFactory, account: Account, clock: FakeClock
) -> None:
    request = await sent(uow, account, clock)
    clock.advance(days=31)
    await timers.on_overdue(request)
    assert pending_jobs(uow) == [
        (
            "notice",
            clock.now() + timedelta(days=14),
            ANN,
            request.id,
            f"escalate:{request.id}",
            {"type": "escalate"},
        )
    ]


def test_reply_checks_start_within_the_interval_at_a_time_fixed_per_account(
    timers: RequestTimers, clock: FakeClock
) -> None:
    first, again = timers.next_reply_check(1), timers.next_reply_check(1)
    earliest, latest = clock.now(), clock.now() + REPLY_CHECK_EVERY
    assert (first == again, earliest <= first < latest, first != timers.next_reply_check(2)) == (
        True,
        True,
        True,
    )


async def test_drop_request_arms_the_next_drop_window(
    timers: RequestTimers, uow: MemoryUnitOfWorkFactory, clock: FakeClock
) -> None:
    await given_user(uow)
    await timers.on_drop_recorded(ANN, clock.now())
    at = clock.now() + timedelta(days=45)
    assert pending_jobs(uow) == [
        ("notice", at, ANN, None, f"drop_window:{ANN}:{at.date().isoformat()}", {"type": "drop_window"})
    ]


async def test_sends_stopped_at_the_limit_are_resumed_later(
    timers: RequestTimers, uow: MemoryUnitOfWorkFactory, clock: FakeClock
) -> None:
    await given_user(uow)
    at = clock.now() + timedelta(hours=24)
    await timers.resume_sends(ANN, [RequestId(3), RequestId(4)], at)
    assert pending_jobs(uow) == [
        ("resume_sends", at, ANN, None, f"resume:{ANN}:{at.isoformat()}", {"requests": [3, 4]})
    ]
