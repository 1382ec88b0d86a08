"""PushDelivery: notices reach an active person outside their quiet hours; a blocked bot stops pushing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest

from bot.services.pushes import PushDelivery
from brokers.classify import ReplyClass
from brokers.jobs import JobError, Postpone
from brokers.lifecycle import RequestStatus
from brokers.notices import BrokerReplied, DeadlineNear, DueNotice, Notice
from brokers.notify import Button, Delivery, DeliveryStatus
from brokers.profile import NoticePace, TelegramId, User
from brokers.requests import RequestId
from tests.bot.services.fake_ports import FakeNotifier
from tests.clock import FakeClock
from tests.factories import ANN, given_user
from tests.fakes.memory import MemoryUnitOfWorkFactory

REPLY = BrokerReplied(
    RequestId(7), "Acxiom", ReplyClass.ACKNOWLEDGED, "We received it.", RequestStatus.ACKNOWLEDGED
)
NEAR = DeadlineNear(RequestId(8), "CoreLogic", datetime(2026, 12, 28, tzinfo=UTC))
KINDS = {BrokerReplied: "reply", DeadlineNear: "deadline_near"}


def render(user: User, notices: Sequence[Notice]) -> tuple[str, list[list[Button]]]:
    text = f"[{user.language}] " + ", ".join(f"{KINDS[type(n)]}:{n.broker_name}" for n in notices)  # type: ignore[union-attr]
    return text, [[Button("Open", f"open:{n.request_id}")] for n in notices if isinstance(n, BrokerReplied)]


@pytest.fixture
def notifier() -> FakeNotifier:
    return FakeNotifier()


@pytest.fixture
def pushes(uow: MemoryUnitOfWorkFactory, notifier: FakeNotifier, clock: FakeClock) -> PushDelivery:
    return PushDelivery(uow, notifier, clock, render)


async def test_notices_go_out_as_one_rendered_message(
    pushes: PushDelivery, notifier: FakeNotifier, uow: MemoryUnitOfWorkFactory
) -> None:
    await given_user(uow)
    assert await pushes.deliver(ANN, [REPLY, NEAR]) is None
    assert notifier.sent == [
        (ANN, "[en] reply:Acxiom, deadline_near:CoreLogic", [[Button("Open", "open:7")]])
    ]


async def test_message_without_buttons_is_sent_without_a_keyboard(
    pushes: PushDelivery, notifier: FakeNotifier, uow: MemoryUnitOfWorkFactory
) -> None:
    await given_user(uow)
    await pushes.deliver(ANN, [NEAR])
    assert [buttons for _, _, buttons in notifier.sent] == [None]


async def test_no_notices_send_nothing(
    pushes: PushDelivery, notifier: FakeNotifier, uow: MemoryUnitOfWorkFactory
) -> None:
    await given_user(uow)
    assert await pushes.deliver(ANN, []) is None
    assert notifier.sent == []


async def test_notices_in_quiet_hours_wait_until_they_end(
    pushes: PushDelivery, notifier: FakeNotifier, uow: MemoryUnitOfWorkFactory, clock: FakeClock
) -> None:
    await given_user(uow, quiet_start=8, quiet_end=10)
    held = await pushes.deliver(ANN, [REPLY])
    assert held == Postpone(clock.now().replace(hour=10))
    assert notifier.sent == []


async def test_quiet_hours_are_judged_on_the_persons_local_clock(
    pushes: PushDelivery, uow: MemoryUnitOfWorkFactory, clock: FakeClock
) -> None:
    await given_user(uow, timezone="Asia/Tokyo", quiet_start=8, quiet_end=10)  # 09:00 UTC is 18:00 there
    assert await pushes.quiet_until(ANN) is None


async def test_quiet_until_names_the_end_of_the_quiet_hours(
    pushes: PushDelivery, uow: MemoryUnitOfWorkFactory, clock: FakeClock
) -> None:
    await given_user(uow, quiet_start=22, quiet_end=10)
    assert await pushes.quiet_until(ANN) == Postpone(clock.now() + timedelta(hours=1))


async def test_nothing_is_pushed_to_someone_who_blocked_the_bot(
    pushes: PushDelivery, notifier: FakeNotifier, uow: MemoryUnitOfWorkFactory
) -> None:
    await given_user(uow, active=False)
    assert await pushes.deliver(ANN, [REPLY]) is None
    assert notifier.sent == []


async def test_nothing_is_pushed_to_someone_unknown(pushes: PushDelivery, notifier: FakeNotifier) -> None:
    assert await pushes.deliver(ANN, [REPLY]) is None
    assert notifier.sent == []


async def test_blocked_delivery_marks_the_person_inactive_and_audits_it_once(
    pushes: PushDelivery, notifier: FakeNotifier, uow: MemoryUnitOfWorkFactory
) -> None:
    await given_user(uow)
    notifier.answer = Delivery(DeliveryStatus.BLOCKED)
    await pushes.deliver(ANN, [REPLY])
    await pushes.mark_blocked(ANN)
    async with uow() as unit:
        user = await unit.users.get(ANN)
        audit = await unit.audit.recent()
    assert user is not None
    assert user.active is False
    assert [e["action"] for e in audit] == ["blocked_bot"]


async def test_failure_worth_retrying_raises_a_retryable_job_error(
    pushes: PushDelivery, notifier: FakeNotifier, uow: MemoryUnitOfWorkFactory
) -> None:
    await given_user(uow)
    notifier.answer = Delivery(DeliveryStatus.FAILED, error="timed out", retryable=True)
    with pytest.raises(JobError) as raised:
        await pushes.deliver(ANN, [REPLY])
    assert (raised.value.reason, raised.value.permanent) == ("timed out", False)


async def test_failure_not_worth_retrying_raises_a_permanent_job_error(
    pushes: PushDelivery, notifier: FakeNotifier, uow: MemoryUnitOfWorkFactory
) -> None:
    await given_user(uow)
    notifier.answer = Delivery(DeliveryStatus.FAILED)
    with pytest.raises(JobError) as raised:
        await pushes.deliver(ANN, [REPLY])
    assert (raised.value.reason, raised.value.permanent) == ("push failed", True)


async def test_acknowledgement_waits_for_the_weekly_digest_of_a_person_who_chose_it(
    uow: MemoryUnitOfWorkFactory, notifier: FakeNotifier, clock: FakeClock
) -> None:
    held: list[tuple[int, RequestId, DueNotice, datetime]] = []

    async def hold(owner: TelegramId, request_id: RequestId, kind: DueNotice, at: datetime) -> None:
        held.append((owner, request_id, kind, at))

    await given_user(uow)  # weekly, the default
    clock.advance(days=2)  # Wednesday
    assert await PushDelivery(uow, notifier, clock, render, hold).deliver(ANN, [REPLY, NEAR]) is None
    assert held == [(ANN, RequestId(7), DueNotice.ACKNOWLEDGED, datetime(2026, 11, 9, 9, tzinfo=UTC))]
    assert [text for _, text, _ in notifier.sent] == ["[en] deadline_near:CoreLogic"]


async def test_acknowledgement_goes_at_once_to_a_person_who_chose_immediately(
    uow: MemoryUnitOfWorkFactory, notifier: FakeNotifier, clock: FakeClock
) -> None:
    held: list[RequestId] = []

    async def hold(owner: TelegramId, request_id: RequestId, kind: DueNotice, at: datetime) -> None:
        held.append(request_id)

    await given_user(uow, notice_pace=NoticePace.IMMEDIATE)
    await PushDelivery(uow, notifier, clock, render, hold).deliver(ANN, [REPLY])
    assert held == []
    assert [text for _, text, _ in notifier.sent] == ["[en] reply:Acxiom"]
