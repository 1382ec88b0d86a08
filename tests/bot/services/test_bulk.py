"""BulkSender: the confirmed requests go out one by one and stop cleanly at the daily limit."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from bot.services.bulk import BulkOutcome, BulkSender
from bot.services.sending import SendingService
from brokers.accounts import Account
from brokers.catalog import load_bundled
from brokers.requests import RequestId
from tests.bot.services.letters import timers
from tests.bot.services.mail import ADDRESS, FakeGmail, fake_gmail
from tests.clock import FakeClock
from tests.factories import ANN, BOB, FULL_SCOPES, a_draft, given_account, given_draft, given_user
from tests.fakes.memory import MemoryUnitOfWorkFactory

CATALOG = load_bundled()
BROKERS = ("acxiom", "192-com", "corelogic")


class Progress:
    def __init__(self) -> None:
        self.seen: list[tuple[int, int]] = []

    async def __call__(self, done: int, total: int) -> None:
        self.seen.append((done, total))


@pytest.fixture
def gmail() -> Iterator[FakeGmail]:
    with fake_gmail() as server:
        yield server


def bulk_sender(
    uow: MemoryUnitOfWorkFactory, clock: FakeClock, gmail: FakeGmail, *, daily_limit: int = 100
) -> BulkSender:
    opener = gmail.opener(FULL_SCOPES)
    sending = SendingService(uow, clock, lambda: CATALOG, opener, timers(uow, clock), daily_limit=daily_limit)
    return BulkSender(sending, pacing_seconds=0)


@pytest.fixture
async def account(uow: MemoryUnitOfWorkFactory) -> Account:
    await given_user(uow)
    await given_user(uow, BOB)
    return await given_account(uow, address=ADDRESS)


async def drafts(uow: MemoryUnitOfWorkFactory, account: Account) -> list[RequestId]:
    return [(await given_draft(uow, a_draft(b, account=account))).id for b in BROKERS]


async def test_every_confirmed_request_is_sent_with_progress(
    uow: MemoryUnitOfWorkFactory, clock: FakeClock, gmail: FakeGmail, account: Account
) -> None:
    ids = await drafts(uow, account)
    progress = Progress()
    outcome = await bulk_sender(uow, clock, gmail).run(ANN, ids, progress)
    assert outcome == BulkOutcome(sent=3, skipped=0, failed=[], stopped_until=None, remaining=[])
    assert progress.seen == [(1, 3), (2, 3), (3, 3)]
    assert len(gmail.google.sent_mail(ADDRESS)) == 3


async def test_sending_stops_at_the_daily_limit_and_names_what_is_left(
    uow: MemoryUnitOfWorkFactory, clock: FakeClock, gmail: FakeGmail, account: Account
) -> None:
    ids = await drafts(uow, account)
    outcome = await bulk_sender(uow, clock, gmail, daily_limit=1).run(ANN, ids, Progress())
    assert outcome == BulkOutcome(
        sent=1, skipped=0, failed=[], stopped_until=clock.now() + timedelta(hours=24), remaining=ids[1:]
    )
    assert len(gmail.google.sent_mail(ADDRESS)) == 1


async def test_a_request_sent_before_is_skipped_not_sent_again(
    uow: MemoryUnitOfWorkFactory, clock: FakeClock, gmail: FakeGmail, account: Account
) -> None:
    ids = await drafts(uow, account)
    sender = bulk_sender(uow, clock, gmail)
    await sender.run(ANN, ids[:1], Progress())
    outcome = await sender.run(ANN, ids, Progress())
    assert (outcome.sent, outcome.skipped) == (2, 1)
    assert len(gmail.google.sent_mail(ADDRESS)) == 3


async def test_another_persons_requests_are_skipped(
    uow: MemoryUnitOfWorkFactory, clock: FakeClock, gmail: FakeGmail, account: Account
) -> None:
    ids = await drafts(uow, account)
    outcome = await bulk_sender(uow, clock, gmail).run(BOB, ids, Progress())
    assert (outcome.sent, outcome.skipped) == (0, 3)
    assert gmail.google.sent_mail(ADDRESS) == []
