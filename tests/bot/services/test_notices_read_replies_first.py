"""Notices that say a broker has not answered read the replies first, and are not said of an answer."""

from __future__ import annotations

from collections.abc import Sequence

from bot.services.notice_jobs import NoticeJobs
from bot.services.pushes import PushDelivery
from bot.services.replies import ReplyChecker
from bot.services.timers import RequestTimers
from brokers.job_payloads import NoticeDue, encode
from brokers.jobs import Job
from brokers.lifecycle import RequestStatus
from brokers.notices import DueNotice, Notice
from brokers.notify import Button
from brokers.profile import User
from brokers.requests import DeletionRequest
from tests.bot.services.mail import FakeGmail, fake_gmail
from tests.bot.services.test_pushes import FakeNotifier
from tests.bot.services.test_reply_findings import CATALOG, deliver, sent_request
from tests.clock import FakeClock
from tests.factories import ANN, FULL_SCOPES
from tests.fakes.memory import MemoryJobQueue, MemoryUnitOfWorkFactory

S = RequestStatus
IDENTITY = "Before we can process your request, we need to verify your identity."


class Alerts:
    async def alert(self, text: str, *, kind: str | None = None) -> None:
        raise AssertionError("no alert expected")


def kinds(_user: User, notices: Sequence[Notice]) -> tuple[str, list[list[Button]]]:
    return ", ".join(type(n).__name__ for n in notices), []


def notice_jobs(
    uow: MemoryUnitOfWorkFactory, clock: FakeClock, gmail: FakeGmail, notifier: FakeNotifier
) -> NoticeJobs:
    replies = ReplyChecker(uow, lambda: CATALOG, gmail.opener(FULL_SCOPES), clock)
    timers = RequestTimers(MemoryJobQueue(uow.database, clock), clock)
    pushes = PushDelivery(uow, notifier, clock, kinds)
    return NoticeJobs(uow, clock, lambda: CATALOG, pushes, timers, replies, None, Alerts())  # type: ignore[arg-type]


def due(kind: DueNotice, request: DeletionRequest, clock: FakeClock) -> Job:
    job_kind, payload = encode(NoticeDue(kind))
    return Job(1, job_kind, clock.now(), user_id=ANN, request_id=request.id, payload=payload)


async def test_deadline_after_an_unread_identity_demand_tells_the_demand_instead(
    uow: MemoryUnitOfWorkFactory, clock: FakeClock
) -> None:
    notifier = FakeNotifier()
    with fake_gmail() as gmail:
        request = await sent_request(uow, gmail, clock)
        deliver(gmail, request, IDENTITY)
        await notice_jobs(uow, clock, gmail, notifier).notices(
            [due(DueNotice.DEADLINE_PASSED, request, clock)]
        )
    assert [text for _, text, _ in notifier.sent] == ["BrokerReplied"]
    async with uow() as unit:
        assert (await unit.requests.get(request.id)).status is S.NEEDS_VERIFICATION  # type: ignore[union-attr]


async def test_receipt_missing_is_not_said_once_the_broker_wrote_anything_but_an_auto_reply(
    uow: MemoryUnitOfWorkFactory, clock: FakeClock
) -> None:
    notifier = FakeNotifier()
    with fake_gmail() as gmail:
        request = await sent_request(uow, gmail, clock)
        deliver(gmail, request, "Hello, please see the attached letter.")
        await notice_jobs(uow, clock, gmail, notifier).notices(
            [due(DueNotice.RECEIPT_MISSING, request, clock)]
        )
    assert [text for _, text, _ in notifier.sent] == ["BrokerReplied"]


async def test_receipt_missing_is_said_after_only_an_automatic_reply(
    uow: MemoryUnitOfWorkFactory, clock: FakeClock
) -> None:
    notifier = FakeNotifier()
    with fake_gmail() as gmail:
        request = await sent_request(uow, gmail, clock)
        deliver(gmail, request, "I am out of the office until Monday.")
        await notice_jobs(uow, clock, gmail, notifier).notices(
            [due(DueNotice.RECEIPT_MISSING, request, clock)]
        )
    assert [text for _, text, _ in notifier.sent] == ["BrokerReplied", "ReceiptMissing"]
