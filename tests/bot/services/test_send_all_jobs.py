"""Send all as durable job steps: paced, summed up in the chat, resumed after a kill without a duplicate."""

from __future__ import annotations

import pytest

from bot.jobs.sweeper import Sweeper
from bot.services.send_all_jobs import SendAllJobs, SendAllProgress
from bot.services.sending import SendingService
from brokers.accounts import Account
from brokers.catalog import Kind
from brokers.job_payloads import SendAllStep, SentCheck, encode
from brokers.jobs import Job, Postpone
from brokers.letters import LetterKind
from brokers.lifecycle import RequestStatus
from brokers.requests import RequestId
from tests.bot.services.fake_ports import FakeMailbox
from tests.bot.services.letters import CATALOG, a_mailbox, an_opener, catalog, given_sent, timers
from tests.clock import FakeClock
from tests.factories import ANN, a_draft, given_account, given_draft, given_status, given_user
from tests.fakes.memory import MemoryJobQueue, MemoryUnitOfWorkFactory

PACING = 0.01
TEN = [b.id for b in CATALOG.brokers if b.can_email and b.email and b.kind is not Kind.COMPANY][:10]


class World:
    """One bot process: its sending, its Send all steps and its sweep, on the shared store and mailbox."""

    def __init__(
        self, uow: MemoryUnitOfWorkFactory, clock: FakeClock, mailbox: FakeMailbox, worker: str
    ) -> None:
        self.progress: list[SendAllProgress] = []
        self.sending = SendingService(
            uow, clock, catalog, an_opener(mailbox), timers(uow, clock), daily_limit=100
        )
        self.jobs = SendAllJobs(
            uow, clock, self.sending, timers(uow, clock), pacing_seconds=PACING, wake=lambda _s: None,
            on_progress=self._seen,
        )  # fmt: skip
        self.queue = MemoryJobQueue(uow.database, clock)
        handlers = {SendAllStep.KIND: self._step, SentCheck.KIND: self._check}
        self.sweeper = Sweeper(self.queue, handlers, clock, worker_id=worker, lease_seconds=300)

    async def _seen(self, progress: SendAllProgress) -> None:
        self.progress.append(progress)

    async def _step(self, job: Job) -> None:
        await self.jobs.step_job(job)

    async def _check(self, job: Job) -> Postpone | None:
        outcome = await self.sending.check_sent(job)
        return outcome if isinstance(outcome, Postpone) else None


@pytest.fixture
def mailbox() -> FakeMailbox:
    return a_mailbox()


@pytest.fixture
async def ten(uow: MemoryUnitOfWorkFactory) -> list[RequestId]:
    await given_user(uow)
    account: Account = await given_account(uow)
    return [(await given_draft(uow, a_draft(b, account=account))).id for b in TEN]


async def run_for(world: World, clock: FakeClock, seconds: float) -> None:
    for _ in range(int(seconds)):
        clock.advance(seconds=1)
        await world.sweeper.run_once()


async def statuses(uow: MemoryUnitOfWorkFactory, ids: list[RequestId]) -> list[RequestStatus]:
    async with uow() as unit:
        return [r.status for i in ids if (r := await unit.requests.get(i)) is not None]


async def test_send_all_sends_each_letter_once_and_sums_up(
    uow: MemoryUnitOfWorkFactory, clock: FakeClock, mailbox: FakeMailbox, ten: list[RequestId]
) -> None:
    world = World(uow, clock, mailbox, "w1")
    await world.jobs.start(ANN, ten, 77)
    await run_for(world, clock, 12)
    assert len(mailbox.sent) == 10
    final = world.progress[-1]
    assert (final.chat_message_id, final.done, final.total) == (77, 10, 10)
    assert final.outcome is not None
    assert (final.outcome.sent, final.outcome.failed, final.outcome.remaining) == (10, [], [])


async def test_send_all_killed_after_four_resumes_after_a_restart_and_sends_none_twice(
    uow: MemoryUnitOfWorkFactory, clock: FakeClock, mailbox: FakeMailbox, ten: list[RequestId]
) -> None:
    first = World(uow, clock, mailbox, "first")
    await first.jobs.start(ANN, ten, 77)
    claimed = []
    for _ in range(4):  # three steps run whole; the fourth is killed after Gmail filed its letter
        (step,) = await first.queue.claim_due("first", limit=10, lease_seconds=300)
        claimed.append(step)
        if len(claimed) < 4:
            await first.jobs.step_job(step)
            await first.queue.complete(step.id, "first")
    mailbox.accept_then_fail = RuntimeError("SIGKILL: Gmail filed the 4th, nothing after it was recorded")
    with pytest.raises(RuntimeError):
        await first.jobs.step_job(step)
    mailbox.accept_then_fail = None
    assert len(mailbox.sent) == 4

    restarted = World(uow, clock, mailbox, "restarted")
    await restarted.sending.reconcile()
    await run_for(restarted, clock, 400)  # the dead worker's lease on the 4th step runs out first

    message_ids = [mail.header("Message-ID") for mail in mailbox.sent]
    assert (len(message_ids), len(set(message_ids))) == (10, 10)
    assert await statuses(uow, ten) == [RequestStatus.SENT] * 10
    assert restarted.progress[-1].outcome is not None


@pytest.fixture
async def four_overdue(
    uow: MemoryUnitOfWorkFactory, clock: FakeClock, ten: list[RequestId]
) -> list[RequestId]:
    async with uow() as unit:
        drafts = [r for i in ten[:4] if (r := await unit.requests.get(i)) is not None]
    sent = [await given_sent(uow, draft, at=clock.now()) for draft in drafts]
    return [(await given_status(uow, request, RequestStatus.OVERDUE)).id for request in sent]


async def test_follow_up_with_all_killed_mid_way_resumes_and_sends_each_once(
    uow: MemoryUnitOfWorkFactory, clock: FakeClock, mailbox: FakeMailbox, four_overdue: list[RequestId]
) -> None:
    first = World(uow, clock, mailbox, "first")
    await first.jobs.start(ANN, four_overdue, 78, LetterKind.FOLLOW_UP)
    (step,) = await first.queue.claim_due("first", limit=10, lease_seconds=300)
    await first.jobs.step_job(step)
    await first.queue.complete(step.id, "first")
    (step,) = await first.queue.claim_due("first", limit=10, lease_seconds=300)
    mailbox.accept_then_fail = RuntimeError("SIGKILL: Gmail filed the 2nd, nothing after it was recorded")
    with pytest.raises(RuntimeError):
        await first.jobs.step_job(step)
    mailbox.accept_then_fail = None

    restarted = World(uow, clock, mailbox, "restarted")
    await restarted.sending.reconcile()
    await run_for(restarted, clock, 400)  # the dead worker's lease on the 2nd step runs out first

    message_ids = [mail.header("Message-ID") for mail in mailbox.sent]
    assert (len(message_ids), len(set(message_ids))) == (4, 4)
    assert await statuses(uow, four_overdue) == [RequestStatus.FOLLOW_UP_SENT] * 4
    final = restarted.progress[-1]
    assert (final.letter, final.chat_message_id, final.done, final.total) == (LetterKind.FOLLOW_UP, 78, 4, 4)
    assert final.outcome is not None and final.outcome.failed == []


async def test_follow_up_with_all_tapped_twice_sends_each_once(
    uow: MemoryUnitOfWorkFactory, clock: FakeClock, mailbox: FakeMailbox, four_overdue: list[RequestId]
) -> None:
    world = World(uow, clock, mailbox, "w1")
    await world.jobs.start(ANN, four_overdue, 78, LetterKind.FOLLOW_UP)
    await world.jobs.start(ANN, four_overdue, 78, LetterKind.FOLLOW_UP)  # a second device, same list
    await run_for(world, clock, 8)
    assert len(mailbox.sent) == 4
    summaries = [p.outcome for p in world.progress if p.outcome is not None]
    assert [(o.sent, o.skipped) for o in summaries] == [(4, 0)]


async def test_the_summary_tells_each_lost_answer_as_its_sent_check_settled_it(
    uow: MemoryUnitOfWorkFactory, clock: FakeClock, mailbox: FakeMailbox, ten: list[RequestId]
) -> None:
    """A paced run outlasts the Sent checks of its lost answers, which told the person already: the
    summary counts those letters as sent or failed, and only the one still looked for as being checked."""
    world = World(uow, clock, mailbox, "w1")
    async with uow() as unit:
        found, failed, checking, sent = [r for i in ten[:4] if (r := await unit.requests.get(i)) is not None]
    await given_sent(uow, found, at=clock.now())  # its answer was lost; the check found it in Sent
    await given_status(uow, failed, RequestStatus.SENDING, RequestStatus.FAILED)  # the check found nothing
    await given_status(uow, checking, RequestStatus.SENDING)  # still being looked for
    await given_sent(uow, sent, at=clock.now())
    ids = (found.id, failed.id, checking.id, sent.id)
    kind, payload = encode(SendAllStep(ids, index=len(ids), chat_message_id=77, sent=1, unsure=3))
    async with uow() as unit:
        await unit.jobs.schedule(kind, clock.now(), user_id=ANN, payload=payload)
        await unit.commit()
    await run_for(world, clock, 1)

    (final,) = world.progress
    assert final.outcome is not None
    assert (final.outcome.sent, final.outcome.failed, final.outcome.unsure) == (2, [failed.id], 1)


async def test_a_follow_up_run_keeps_its_unsure_count_as_its_steps_left_it(
    uow: MemoryUnitOfWorkFactory, clock: FakeClock, mailbox: FakeMailbox, four_overdue: list[RequestId]
) -> None:
    world = World(uow, clock, mailbox, "w1")
    ids = tuple(four_overdue)
    step = SendAllStep(ids, index=len(ids), chat_message_id=78, sent=3, unsure=1, letter=LetterKind.FOLLOW_UP)
    kind, payload = encode(step)
    async with uow() as unit:
        await unit.jobs.schedule(kind, clock.now(), user_id=ANN, payload=payload)
        await unit.commit()
    await run_for(world, clock, 1)
    (final,) = world.progress
    assert final.outcome is not None and (final.outcome.sent, final.outcome.unsure) == (3, 1)
