"""Outbox: a confirmed letter waits out the undo window as one durable job, can be taken back, goes once."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.services.outbox import Outbox, Pending, Settled, Undo
from bot.services.outgoing import Result
from bot.services.sending import SendingService, SendOutcome
from brokers.accounts import Account
from brokers.job_payloads import ConfirmedSend
from brokers.jobs import Job, JobError
from brokers.letters import LetterKind
from brokers.lifecycle import RequestStatus
from brokers.requests import DeletionRequest, RequestId
from tests.bot.services.fake_ports import FakeMailbox
from tests.bot.services.letters import a_mailbox, an_opener, catalog, given_sent, pending_jobs, timers
from tests.clock import FakeClock
from tests.factories import ANN, BOB, a_draft, given_account, given_draft, given_status, given_user
from tests.fakes.memory import MemoryJobQueue, MemoryUnitOfWorkFactory

S = RequestStatus
UNDO_SECONDS = 10.0
DELETION = LetterKind.DELETION
CHAT_MESSAGE = 55


class Chat:
    """What the chat was told: wake-ups asked for, and the settled letters."""

    def __init__(self) -> None:
        self.wakes: list[float] = []
        self.settled: list[Settled] = []
        self.fails = False

    def wake(self, seconds: float) -> None:
        self.wakes.append(seconds)

    async def on_settled(self, settled: Settled) -> None:
        self.settled.append(settled)
        if self.fails:
            raise RuntimeError("Telegram is down")


@pytest.fixture
def mailbox() -> FakeMailbox:
    return a_mailbox()


@pytest.fixture
def queue(uow: MemoryUnitOfWorkFactory, clock: FakeClock) -> MemoryJobQueue:
    return MemoryJobQueue(uow.database, clock)


@pytest.fixture
def chat() -> Chat:
    return Chat()


@pytest.fixture
def outbox(
    uow: MemoryUnitOfWorkFactory, clock: FakeClock, mailbox: FakeMailbox, queue: MemoryJobQueue, chat: Chat
) -> Outbox:
    sending = SendingService(uow, clock, catalog, an_opener(mailbox), timers(uow, clock), daily_limit=10)
    return Outbox(
        queue, clock, sending, undo_seconds=UNDO_SECONDS, wake=chat.wake, on_settled=chat.on_settled
    )


@pytest.fixture
async def account(uow: MemoryUnitOfWorkFactory) -> Account:
    await given_user(uow)
    await given_user(uow, BOB)
    return await given_account(uow)


@pytest.fixture
async def draft(uow: MemoryUnitOfWorkFactory, account: Account) -> DeletionRequest:
    return await given_draft(uow, a_draft(account=account))


async def run_due(queue: MemoryJobQueue, outbox: Outbox) -> list[Job]:
    """One sweep: every due job handed to the outbox, then completed."""
    jobs = await queue.claim_due("worker", limit=10, lease_seconds=60)
    for job in jobs:
        await outbox.send_confirmed_job(job)
        await queue.complete(job.id, "worker")
    return jobs


async def stored(uow: MemoryUnitOfWorkFactory, request_id: RequestId) -> DeletionRequest:
    async with uow() as unit:
        request = await unit.requests.get(request_id)
    assert request is not None
    return request


async def test_confirm_schedules_one_job_due_when_the_undo_window_closes(
    outbox: Outbox, uow: MemoryUnitOfWorkFactory, draft: DeletionRequest, clock: FakeClock
) -> None:
    await outbox.confirm(ANN, draft.id, DELETION, CHAT_MESSAGE)
    assert pending_jobs(uow) == [
        (
            "send_confirmed",
            clock.now() + timedelta(seconds=UNDO_SECONDS),
            ANN,
            draft.id,
            f"send:{ANN}:{draft.id}:deletion",
            {"kind": "deletion", "message": CHAT_MESSAGE},
        )
    ]


async def test_confirm_shows_the_letter_and_when_it_leaves(
    outbox: Outbox, draft: DeletionRequest, clock: FakeClock
) -> None:
    pending = await outbox.confirm(ANN, draft.id, DELETION, CHAT_MESSAGE)
    assert isinstance(pending, Pending)
    assert (pending.letter.request, pending.letter.recipient, pending.due_at) == (
        draft,
        "consumeradvo@acxiom.com",
        clock.now() + timedelta(seconds=UNDO_SECONDS),
    )


async def test_confirm_wakes_the_sweep_when_the_window_closes(
    outbox: Outbox, draft: DeletionRequest, chat: Chat
) -> None:
    await outbox.confirm(ANN, draft.id, DELETION, CHAT_MESSAGE)
    assert chat.wakes == [UNDO_SECONDS]


async def test_confirming_twice_keeps_one_job(
    outbox: Outbox, uow: MemoryUnitOfWorkFactory, draft: DeletionRequest
) -> None:
    await outbox.confirm(ANN, draft.id, DELETION, CHAT_MESSAGE)
    await outbox.confirm(ANN, draft.id, DELETION, CHAT_MESSAGE)
    assert len(pending_jobs(uow)) == 1


async def test_confirm_of_another_persons_request_queues_nothing(
    outbox: Outbox, uow: MemoryUnitOfWorkFactory, draft: DeletionRequest, chat: Chat
) -> None:
    assert await outbox.confirm(BOB, draft.id, DELETION, CHAT_MESSAGE) is Result.NOT_FOUND
    assert (pending_jobs(uow), chat.wakes) == ([], [])


async def test_undo_before_the_job_runs_cancels_the_letter(
    outbox: Outbox,
    queue: MemoryJobQueue,
    uow: MemoryUnitOfWorkFactory,
    draft: DeletionRequest,
    clock: FakeClock,
    mailbox: FakeMailbox,
) -> None:
    await outbox.confirm(ANN, draft.id, DELETION, CHAT_MESSAGE)
    assert await outbox.undo(ANN, draft.id, DELETION) is Undo.CANCELLED
    clock.advance(seconds=UNDO_SECONDS)
    assert await run_due(queue, outbox) == []
    assert ((await stored(uow, draft.id)).status, mailbox.sent) == (S.DRAFT, [])


async def test_undo_after_sending_is_too_late(
    outbox: Outbox, queue: MemoryJobQueue, draft: DeletionRequest, clock: FakeClock, mailbox: FakeMailbox
) -> None:
    await outbox.confirm(ANN, draft.id, DELETION, CHAT_MESSAGE)
    clock.advance(seconds=UNDO_SECONDS)
    await run_due(queue, outbox)
    assert await outbox.undo(ANN, draft.id, DELETION) is Undo.TOO_LATE
    assert len(mailbox.sent) == 1


async def test_undo_while_a_worker_holds_the_job_is_too_late(
    outbox: Outbox, queue: MemoryJobQueue, draft: DeletionRequest, clock: FakeClock
) -> None:
    await outbox.confirm(ANN, draft.id, DELETION, CHAT_MESSAGE)
    clock.advance(seconds=UNDO_SECONDS)
    await queue.claim_due("worker", limit=10, lease_seconds=60)
    assert await outbox.undo(ANN, draft.id, DELETION) is Undo.TOO_LATE


async def test_undo_with_nothing_waiting_says_so(outbox: Outbox, draft: DeletionRequest) -> None:
    assert await outbox.undo(ANN, draft.id, DELETION) is Undo.NOTHING


async def test_undo_by_another_person_leaves_the_letter_waiting(
    outbox: Outbox, uow: MemoryUnitOfWorkFactory, draft: DeletionRequest
) -> None:
    await outbox.confirm(ANN, draft.id, DELETION, CHAT_MESSAGE)
    assert await outbox.undo(BOB, draft.id, DELETION) is Undo.NOTHING
    assert len(pending_jobs(uow)) == 1


async def test_job_sends_the_letter_once_and_reports_the_outcome(
    outbox: Outbox,
    queue: MemoryJobQueue,
    uow: MemoryUnitOfWorkFactory,
    draft: DeletionRequest,
    clock: FakeClock,
    mailbox: FakeMailbox,
    chat: Chat,
) -> None:
    await outbox.confirm(ANN, draft.id, DELETION, CHAT_MESSAGE)
    clock.advance(seconds=UNDO_SECONDS)
    await run_due(queue, outbox)
    sent = SendOutcome(Result.SENT, await stored(uow, draft.id))
    assert chat.settled == [Settled(ANN, draft.id, ConfirmedSend(DELETION, CHAT_MESSAGE), sent, clock.now())]
    assert len(mailbox.sent) == 1


async def test_job_delivered_twice_sends_once(
    outbox: Outbox,
    queue: MemoryJobQueue,
    draft: DeletionRequest,
    clock: FakeClock,
    mailbox: FakeMailbox,
    chat: Chat,
) -> None:
    await outbox.confirm(ANN, draft.id, DELETION, CHAT_MESSAGE)
    clock.advance(seconds=UNDO_SECONDS)
    (job,) = await queue.claim_due("worker", limit=10, lease_seconds=60)
    await outbox.send_confirmed_job(job)
    await outbox.send_confirmed_job(job)  # the lease ran out before the first run completed it
    assert [s.outcome.result for s in chat.settled] == [Result.SENT, Result.ALREADY]
    assert len(mailbox.sent) == 1


async def test_job_for_a_follow_up_sends_it_in_the_thread(
    outbox: Outbox,
    queue: MemoryJobQueue,
    uow: MemoryUnitOfWorkFactory,
    draft: DeletionRequest,
    clock: FakeClock,
    mailbox: FakeMailbox,
) -> None:
    request = await given_status(uow, await given_sent(uow, draft, at=clock.now()), S.OVERDUE)
    await outbox.confirm(ANN, request.id, LetterKind.FOLLOW_UP, None)
    clock.advance(seconds=UNDO_SECONDS)
    await run_due(queue, outbox)
    assert [mail.thread_id for mail in mailbox.sent] == [request.gmail_thread_id]
    assert (await stored(uow, request.id)).status is S.FOLLOW_UP_SENT


async def test_outcome_the_chat_cannot_show_does_not_fail_the_job(
    outbox: Outbox,
    queue: MemoryJobQueue,
    draft: DeletionRequest,
    clock: FakeClock,
    mailbox: FakeMailbox,
    chat: Chat,
) -> None:
    chat.fails = True
    await outbox.confirm(ANN, draft.id, DELETION, CHAT_MESSAGE)
    clock.advance(seconds=UNDO_SECONDS)
    assert len(await run_due(queue, outbox)) == 1
    assert len(mailbox.sent) == 1


async def test_job_without_its_request_fails_for_good(outbox: Outbox, clock: FakeClock) -> None:
    job = Job(1, "send_confirmed", clock.now(), user_id=ANN, payload={"kind": "deletion", "message": None})
    with pytest.raises(JobError) as raised:
        await outbox.send_confirmed_job(job)
    assert raised.value.permanent is True
