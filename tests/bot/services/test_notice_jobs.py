"""NoticeJobs: due notices built per kind and status, overdue marking, reply checks and resumed sends."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from bot.jobs.sweeper import Sweeper
from bot.services.bulk import BulkSender
from bot.services.notice_jobs import NoticeJobs
from bot.services.pushes import PushDelivery
from bot.services.replies import ReplyChecker
from bot.services.sending import SendingService
from bot.services.timers import REPLY_CHECK_EVERY, SETTLED_CHECK_EVERY, RequestTimers
from brokers.accounts import Account, AccountId
from brokers.classify import ReplyClass
from brokers.errors import MailboxAuthError, MailboxQuotaExceeded, MalformedJobPayload
from brokers.job_payloads import JobPayload, NoticeDue, ReplyCheck, ReplyNotice, ResumeSends, encode
from brokers.jobs import Job, JobError, Postpone
from brokers.lifecycle import RequestStatus
from brokers.notices import (
    BrokerReplied,
    DataReappeared,
    DeadlineNear,
    DeadlinePassed,
    DropWindowOpen,
    DueNotice,
    Escalate,
    Notice,
    ReceiptMissing,
    SendsResumed,
)
from brokers.notify import Button, Delivery, DeliveryStatus
from brokers.profile import User
from brokers.regulators import DPAS
from brokers.requests import DeletionRequest, RequestId
from tests.bot.services.fake_ports import FakeAdminAlerts, FakeMailbox, FakeMailboxOpener, FakeNotifier
from tests.bot.services.letters import ADDRESS, a_mailbox, catalog, deliver, given_sent, pending_jobs
from tests.clock import FakeClock
from tests.factories import ANN, a_draft, given_account, given_draft, given_status, given_user
from tests.fakes.memory import MemoryJobQueue, MemoryUnitOfWorkFactory

S = RequestStatus
RECEIVED = "We have received your request and will respond within 30 days."


class Rendered:
    """The render port: keeps the notices of each message pushed."""

    def __init__(self) -> None:
        self.messages: list[list[Notice]] = []

    def __call__(self, user: User, notices: Sequence[Notice]) -> tuple[str, list[list[Button]]]:
        self.messages.append(list(notices))
        return f"{len(notices)} notices", []


class World:
    def __init__(self, uow: MemoryUnitOfWorkFactory, clock: FakeClock, *, daily_limit: int = 10) -> None:
        self.uow, self.clock = uow, clock
        self.mailbox: FakeMailbox = a_mailbox()
        self.notifier, self.rendered, self.alerts = FakeNotifier(), Rendered(), FakeAdminAlerts()
        self.timers = RequestTimers(MemoryJobQueue(uow.database, clock), clock)
        opener = FakeMailboxOpener(self.mailbox)
        self.sending = SendingService(uow, clock, catalog, opener, self.timers, daily_limit=daily_limit)
        self.jobs = NoticeJobs(
            uow,
            clock,
            catalog,
            PushDelivery(uow, self.notifier, clock, self.rendered),
            self.timers,
            ReplyChecker(uow, catalog, opener, clock),
            BulkSender(self.sending, pacing_seconds=0),
            self.alerts,
        )

    def job(self, payload: JobPayload, request_id: RequestId | None = None, job_id: int = 1) -> Job:
        kind, data = encode(payload)
        return Job(job_id, kind, self.clock.now(), user_id=ANN, request_id=request_id, payload=data)

    async def reply_check(self, account_id: AccountId) -> Postpone | JobError | None:
        """The account's recurring check, run as the sweep runs it (a batch, here of one)."""
        job = self.job(ReplyCheck(account_id))
        return (await self.jobs.reply_checks([job]))[job.id]

    def notice(self, kind: DueNotice, request_id: RequestId | None = None, job_id: int = 1) -> Job:
        return self.job(NoticeDue(kind), request_id, job_id)

    async def stored(self, request_id: RequestId) -> DeletionRequest:
        async with self.uow() as unit:
            request = await unit.requests.get(request_id)
        assert request is not None
        return request


@pytest.fixture
def world(uow: MemoryUnitOfWorkFactory, clock: FakeClock) -> World:
    return World(uow, clock)


@pytest.fixture
async def account(uow: MemoryUnitOfWorkFactory) -> Account:
    await given_user(uow, jurisdiction="DE")
    return await given_account(uow)


@pytest.fixture
async def sent(uow: MemoryUnitOfWorkFactory, account: Account, clock: FakeClock) -> DeletionRequest:
    """Ann's request to Acxiom, sent now with a 30-day deadline."""
    return await given_sent(uow, await given_draft(uow, a_draft(account=account)), at=clock.now())


def deadline_of(request: DeletionRequest) -> datetime:
    assert request.deadline_at is not None
    return request.deadline_at


async def test_deadline_near_reminds_of_a_request_still_waiting(world: World, sent: DeletionRequest) -> None:
    job = world.notice(DueNotice.DEADLINE_NEAR, sent.id)
    assert await world.jobs.notices([job]) == {job.id: None}
    assert world.rendered.messages == [[DeadlineNear(sent.id, "Acxiom", deadline_of(sent))]]


async def test_deadline_near_of_an_answered_request_says_nothing(
    world: World, uow: MemoryUnitOfWorkFactory, sent: DeletionRequest
) -> None:
    await given_status(uow, sent, S.COMPLETED)
    await world.jobs.notices([world.notice(DueNotice.DEADLINE_NEAR, sent.id)])
    assert (world.rendered.messages, world.notifier.sent) == ([], [])


async def test_deadline_passed_is_told_and_marks_the_request_overdue(
    world: World, sent: DeletionRequest, clock: FakeClock
) -> None:
    clock.advance(days=30)
    await world.jobs.notices([world.notice(DueNotice.DEADLINE_PASSED, sent.id)])
    assert world.rendered.messages == [[DeadlinePassed(sent.id, "Acxiom", deadline_of(sent))]]
    assert (await world.stored(sent.id)).status is S.OVERDUE


async def test_deadline_passed_arms_the_escalation(
    world: World, uow: MemoryUnitOfWorkFactory, sent: DeletionRequest, clock: FakeClock
) -> None:
    clock.advance(days=30)
    await world.jobs.notices([world.notice(DueNotice.DEADLINE_PASSED, sent.id)])
    assert pending_jobs(uow) == [
        (
            "notice",
            clock.now() + timedelta(days=14),
            ANN,
            sent.id,
            f"escalate:{sent.id}",
            {"type": "escalate"},
        )
    ]


async def test_deadline_passed_again_marks_overdue_once(
    world: World, uow: MemoryUnitOfWorkFactory, sent: DeletionRequest, clock: FakeClock
) -> None:
    clock.advance(days=30)
    for _ in range(2):
        await world.jobs.notices([world.notice(DueNotice.DEADLINE_PASSED, sent.id)])
    async with uow() as unit:
        moves = [e.to_status for e in await unit.requests.history(sent.id)]
    assert moves.count(S.OVERDUE) == 1
    assert len(world.rendered.messages) == 2


async def test_receipt_missing_is_told_while_the_request_is_unanswered(
    world: World, sent: DeletionRequest
) -> None:
    await world.jobs.notices([world.notice(DueNotice.RECEIPT_MISSING, sent.id)])
    assert world.rendered.messages == [[ReceiptMissing(sent.id, "Acxiom")]]


async def test_receipt_missing_after_an_acknowledgement_says_nothing(
    world: World, uow: MemoryUnitOfWorkFactory, sent: DeletionRequest
) -> None:
    await given_status(uow, sent, S.ACKNOWLEDGED)
    await world.jobs.notices([world.notice(DueNotice.RECEIPT_MISSING, sent.id)])
    assert world.rendered.messages == []


async def test_escalation_names_the_regulator_of_the_persons_country(
    world: World, uow: MemoryUnitOfWorkFactory, sent: DeletionRequest
) -> None:
    await given_status(uow, sent, S.OVERDUE)
    await world.jobs.notices([world.notice(DueNotice.ESCALATE, sent.id)])
    assert world.rendered.messages == [[Escalate(sent.id, "Acxiom", "GDPR", DPAS["DE"])]]


async def test_escalation_under_a_law_without_a_regulator_names_none(
    world: World, uow: MemoryUnitOfWorkFactory, account: Account, clock: FakeClock
) -> None:
    draft = await given_draft(uow, replace(a_draft(account=account), law="generic"))
    overdue = await given_status(uow, await given_sent(uow, draft, at=clock.now()), S.OVERDUE)
    await world.jobs.notices([world.notice(DueNotice.ESCALATE, overdue.id)])
    (message,) = world.rendered.messages
    assert [(type(n), getattr(n, "regulator", "?")) for n in message] == [(Escalate, None)]


async def test_escalation_of_a_settled_request_says_nothing(
    world: World, uow: MemoryUnitOfWorkFactory, sent: DeletionRequest
) -> None:
    await given_status(uow, sent, S.COMPLETED)
    await world.jobs.notices([world.notice(DueNotice.ESCALATE, sent.id)])
    assert world.rendered.messages == []


async def test_drop_window_is_told_without_a_request(world: World, account: Account) -> None:
    await world.jobs.notices([world.notice(DueNotice.DROP_WINDOW)])
    assert world.rendered.messages == [[DropWindowOpen()]]


async def test_notices_due_together_go_out_as_one_message(world: World, sent: DeletionRequest) -> None:
    jobs = [
        world.notice(DueNotice.DEADLINE_NEAR, sent.id, 1),
        world.notice(DueNotice.RECEIPT_MISSING, sent.id, 2),
    ]
    await world.jobs.notices(jobs)
    assert world.rendered.messages == [
        [DeadlineNear(sent.id, "Acxiom", deadline_of(sent)), ReceiptMissing(sent.id, "Acxiom")]
    ]
    assert len(world.notifier.sent) == 1


async def test_notices_in_quiet_hours_wait_and_change_nothing(
    world: World, uow: MemoryUnitOfWorkFactory, sent: DeletionRequest, clock: FakeClock
) -> None:
    await given_user(uow, jurisdiction="DE", quiet_start=8, quiet_end=10)
    job = world.notice(DueNotice.DEADLINE_PASSED, sent.id)
    assert await world.jobs.notices([job]) == {job.id: Postpone(clock.now().replace(hour=10))}
    assert ((await world.stored(sent.id)).status, world.notifier.sent) == (S.SENT, [])


async def test_notice_of_an_unknown_request_says_nothing(world: World, account: Account) -> None:
    await world.jobs.notices([world.notice(DueNotice.DEADLINE_NEAR, RequestId(404))])
    assert world.rendered.messages == []


async def test_malformed_notice_fails_the_batch_before_any_push(world: World, sent: DeletionRequest) -> None:
    bad = replace(world.notice(DueNotice.DEADLINE_NEAR, sent.id, 2), payload={"type": "nonsense"})
    with pytest.raises(MalformedJobPayload):
        await world.jobs.notices([world.notice(DueNotice.DEADLINE_NEAR, sent.id, 1), bad])
    assert world.notifier.sent == []


async def test_reply_check_tells_of_a_reply_and_stays_armed(
    world: World, account: Account, sent: DeletionRequest, clock: FakeClock
) -> None:
    deliver(world.mailbox, "m-2", RECEIVED, thread_id="thread-1", at=clock.now())
    again = await world.reply_check(account.id)
    assert world.rendered.messages == [
        [BrokerReplied(sent.id, "Acxiom", ReplyClass.ACKNOWLEDGED, RECEIVED, S.ACKNOWLEDGED, gmail_id="m-2")]
    ]
    assert isinstance(again, Postpone)  # when: see test_reply_check_comes_back_no_sooner_than_the_interval


async def test_reply_check_comes_back_no_sooner_than_the_interval(
    world: World, account: Account, sent: DeletionRequest, clock: FakeClock
) -> None:
    again = await world.reply_check(account.id)
    assert again is not None
    assert again.until - clock.now() >= REPLY_CHECK_EVERY


async def test_reply_check_stops_when_nothing_is_left_to_watch(
    world: World, uow: MemoryUnitOfWorkFactory, account: Account, sent: DeletionRequest
) -> None:
    await given_status(uow, sent, S.CLOSED)
    assert await world.reply_check(account.id) is None


async def test_reply_check_leaves_a_bounce_to_the_person_and_alerts_no_one_yet(
    world: World, account: Account, sent: DeletionRequest, clock: FakeClock
) -> None:
    bounce = "Your message wasn't delivered. The address couldn't be found."
    deliver(
        world.mailbox,
        "m-4",
        bounce,
        thread_id="thread-1",
        sender="mailer-daemon@googlemail.com",
        at=clock.now(),
    )
    await world.reply_check(account.id)
    # The operator is told only when the person taps "tell the operator" on the bounce notice.
    assert world.alerts.texts == []
    ((notice,),) = world.rendered.messages
    assert isinstance(notice, BrokerReplied)
    assert notice.reply is ReplyClass.BOUNCED


async def test_reply_check_tells_of_data_reappearing(
    world: World, uow: MemoryUnitOfWorkFactory, account: Account, sent: DeletionRequest, clock: FakeClock
) -> None:
    await given_status(uow, sent, S.COMPLETED)
    deliver(world.mailbox, "m-9", RECEIVED, thread_id="thread-1", at=clock.now())
    await world.reply_check(account.id)
    assert world.rendered.messages == [[DataReappeared(sent.id, "Acxiom")]]


async def test_reply_check_of_a_revoked_grant_stops_quietly(
    world: World, account: Account, sent: DeletionRequest
) -> None:
    world.mailbox.error = MailboxAuthError("users.threads.get")
    assert await world.reply_check(account.id) is None
    assert world.notifier.sent == []


async def test_reply_check_in_quiet_hours_waits_without_reading_mail(
    world: World, uow: MemoryUnitOfWorkFactory, account: Account, sent: DeletionRequest, clock: FakeClock
) -> None:
    await given_user(uow, quiet_start=8, quiet_end=10)
    held = await world.reply_check(account.id)
    # Each account keeps its own moment after quiet hours, so their end brings no burst.
    after_quiet = clock.now().replace(hour=10) + world.timers.reply_offset(account.id)
    assert (held, world.mailbox.api_calls) == (Postpone(after_quiet), 0)


async def test_resumed_sends_go_out_and_are_reported(
    world: World, uow: MemoryUnitOfWorkFactory, account: Account
) -> None:
    ids = [(await given_draft(uow, a_draft(b, account=account))).id for b in ("acxiom", "corelogic")]
    assert await world.jobs.resume_sends(world.job(ResumeSends(tuple(ids)))) is None
    assert world.rendered.messages == [[SendsResumed(sent=2, failed=0, left=0)]]
    assert [mail.header("From") for mail in world.mailbox.sent] == [f"Ann Example <{ADDRESS}>"] * 2


async def test_sends_stopped_at_the_limit_again_are_rearmed(
    uow: MemoryUnitOfWorkFactory, account: Account, clock: FakeClock
) -> None:
    world = World(uow, clock, daily_limit=2)
    ids = [
        (await given_draft(uow, a_draft(b, account=account))).id for b in ("acxiom", "corelogic", "192-com")
    ]
    await world.jobs.resume_sends(world.job(ResumeSends(tuple(ids))))
    at = clock.now() + timedelta(hours=24)
    assert world.rendered.messages == [[SendsResumed(sent=2, failed=0, left=1)]]
    assert [job for job in pending_jobs(uow) if job[0] == "resume_sends"] == [
        ("resume_sends", at, ANN, None, f"resume:{ANN}:{at.isoformat()}", {"requests": [ids[2]]})
    ]


async def test_reply_check_of_an_account_with_only_settled_requests_comes_back_a_day_later(
    world: World, uow: MemoryUnitOfWorkFactory, account: Account, sent: DeletionRequest, clock: FakeClock
) -> None:
    await given_status(uow, sent, S.COMPLETED)
    again = await world.reply_check(account.id)
    assert again == Postpone(clock.now() + SETTLED_CHECK_EVERY)


async def test_reply_check_that_reads_the_completion_goes_to_the_daily_pace_at_once(
    world: World, account: Account, sent: DeletionRequest, clock: FakeClock
) -> None:
    deliver(world.mailbox, "m-5", "We have deleted your personal data.", thread_id="thread-1", at=clock.now())
    again = await world.reply_check(account.id)
    ((notice,),) = world.rendered.messages
    assert isinstance(notice, BrokerReplied)
    assert notice.status is S.COMPLETED
    assert again == Postpone(clock.now() + SETTLED_CHECK_EVERY)


async def test_reply_check_after_a_quota_answer_waits_until_gmail_allows_and_tells_nothing(
    world: World, account: Account, sent: DeletionRequest, clock: FakeClock
) -> None:
    allowed = clock.now() + timedelta(hours=1)
    world.mailbox.error = MailboxQuotaExceeded("threads.get", allowed)
    again = await world.reply_check(account.id)
    assert (again, world.notifier.sent) == (Postpone(allowed), [])


def reply_notice_sweeper(world: World) -> Sweeper:
    queue = MemoryJobQueue(world.uow.database, world.clock)
    return Sweeper(queue, {ReplyNotice.KIND: world.jobs.reply_notice}, world.clock, worker_id="w1")


def reply_notice_jobs(uow: MemoryUnitOfWorkFactory) -> list[str | None]:
    return [key for kind, _, _, _, key, _ in pending_jobs(uow) if kind == ReplyNotice.KIND]


async def test_reply_told_at_once_leaves_no_notice_job(
    world: World, uow: MemoryUnitOfWorkFactory, account: Account, sent: DeletionRequest, clock: FakeClock
) -> None:
    deliver(world.mailbox, "m-2", RECEIVED, thread_id="thread-1", at=clock.now())
    await world.reply_check(account.id)
    assert reply_notice_jobs(uow) == []
    clock.advance(minutes=5)
    await reply_notice_sweeper(world).run_once()
    assert len(world.notifier.sent) == 1


async def test_reply_whose_push_failed_once_is_told_exactly_once_by_its_job(
    world: World, uow: MemoryUnitOfWorkFactory, account: Account, sent: DeletionRequest, clock: FakeClock
) -> None:
    world.notifier.answer = Delivery(DeliveryStatus.FAILED, error="network", retryable=True)
    deliver(world.mailbox, "m-2", RECEIVED, thread_id="thread-1", at=clock.now())
    await world.reply_check(account.id)
    assert reply_notice_jobs(uow) == [f"reply:{sent.id}:m-2"]  # recorded as read, not as told
    world.notifier.answer = Delivery(DeliveryStatus.DELIVERED, message_id=2)
    sweeper = reply_notice_sweeper(world)
    for _ in range(3):
        clock.advance(minutes=5)
        await sweeper.run_once()
        await world.reply_check(account.id)  # the reply is not read again
    assert world.rendered.messages[-1] == [
        BrokerReplied(sent.id, "Acxiom", ReplyClass.ACKNOWLEDGED, RECEIVED, S.ACKNOWLEDGED, gmail_id="m-2")
    ]
    assert len(world.rendered.messages) == 2  # the failed push, then the one that arrived
    assert [text for _, text, _ in world.notifier.sent].count(world.notifier.sent[-1][1]) == 2
    assert reply_notice_jobs(uow) == []


async def test_reply_notice_after_a_restart_is_told_without_the_unstored_phrase(
    world: World, uow: MemoryUnitOfWorkFactory, account: Account, sent: DeletionRequest, clock: FakeClock
) -> None:
    world.notifier.answer = Delivery(DeliveryStatus.FAILED, error="network", retryable=True)
    deliver(world.mailbox, "m-2", RECEIVED, thread_id="thread-1", at=clock.now())
    await world.reply_check(account.id)
    restarted = World(uow, clock)  # a new process: the phrase was only in the old one's memory
    clock.advance(minutes=5)
    await reply_notice_sweeper(restarted).run_once()
    assert restarted.rendered.messages == [
        [BrokerReplied(sent.id, "Acxiom", ReplyClass.ACKNOWLEDGED, "", S.ACKNOWLEDGED, gmail_id="m-2")]
    ]
    assert reply_notice_jobs(uow) == []
