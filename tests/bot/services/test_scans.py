"""ScanService: one scan at a time per mailbox, what it finds stored as counts and dates, restarts resumed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from bot.services.scans import ScanReport, ScanService
from brokers.accounts import Account, AccountState
from brokers.catalog import load_bundled
from brokers.profile import TelegramId
from brokers.scans import ScanState
from tests.bot.scan_support import BrokerMailbox, broker_mailbox
from tests.bot.services.mail import ADDRESS, FakeGmail, fake_gmail
from tests.factories import ANN, BOB, FULL_SCOPES, given_account, given_user
from tests.fakes.memory import MemoryUnitOfWorkFactory

CATALOG = load_bundled()
CY = TelegramId(1003)


async def no_progress(_done: int, _total: int, _stage: str) -> None:
    return None


@pytest.fixture
def seeded() -> BrokerMailbox:
    return broker_mailbox(
        CATALOG, seed=7, messages=150, brokers=3, owner=ADDRESS, sender_domains=20, decoys=1
    )


@pytest.fixture
def gmail(seeded: BrokerMailbox) -> Iterator[FakeGmail]:
    with fake_gmail(seeded.mailbox) as server:
        yield server


@pytest.fixture
def scans(uow: MemoryUnitOfWorkFactory, gmail: FakeGmail) -> ScanService:
    return ScanService(
        uow, lambda: CATALOG, gmail.opener(FULL_SCOPES), uow.database.clock, wake=lambda _s: None
    )


@pytest.fixture
async def account(uow: MemoryUnitOfWorkFactory) -> Account:
    await given_user(uow)
    await given_user(uow, BOB)
    return await given_account(uow, address=ADDRESS)


async def test_scan_of_another_persons_mailbox_does_not_start(scans: ScanService, account: Account) -> None:
    assert await scans.start(BOB, account.id) is None


async def test_second_scan_does_not_start_while_one_runs(scans: ScanService, account: Account) -> None:
    assert await scans.start(ANN, account.id) is not None
    assert await scans.start(ANN, account.id) is None


async def test_mailbox_that_needs_reconnecting_is_not_scanned(
    scans: ScanService, uow: MemoryUnitOfWorkFactory, account: Account
) -> None:
    async with uow() as unit:
        await unit.accounts.mark(account.id, state=AccountState.NEEDS_RECONNECT, was=AccountState.ACTIVE)
        await unit.commit()
    assert await scans.start(ANN, account.id) is None


async def test_scan_finds_the_brokers_that_wrote_and_stores_counts_and_dates(
    scans: ScanService, account: Account, seeded: BrokerMailbox
) -> None:
    scan_id = await scans.start(ANN, account.id)
    assert scan_id is not None
    report = await scans.run(scan_id, no_progress)
    found = await scans.found(ANN, account.id)
    assert report is not None
    assert report.state is ScanState.COMPLETED
    assert {f.broker.id: f.count for f in found} == seeded.counts
    assert {f.broker.id for f in report.brokers} == set(seeded.counts)


async def test_next_scan_looks_only_at_mail_since_the_last_one(
    scans: ScanService, uow: MemoryUnitOfWorkFactory, account: Account
) -> None:
    first = await scans.start(ANN, account.id)
    assert first is not None
    await scans.run(first, no_progress)
    second = await scans.start(ANN, account.id)
    async with uow() as unit:
        earlier = await unit.scans.get(first)
        later = await unit.scans.get(second or 0)
    assert earlier is not None
    assert later is not None
    assert later.since == earlier.started_at


async def test_found_in_another_persons_mailbox_is_empty(scans: ScanService, account: Account) -> None:
    scan_id = await scans.start(ANN, account.id)
    assert scan_id is not None
    await scans.run(scan_id, no_progress)
    assert await scans.found(BOB, account.id) == []


async def test_running_scans_are_listed_with_their_owner_to_resume(
    scans: ScanService, account: Account
) -> None:
    scan_id = await scans.start(ANN, account.id)
    assert [(scan.id, owner) for scan, owner in await scans.running()] == [(scan_id, ANN)]


async def test_finished_scan_is_not_run_again(scans: ScanService, account: Account) -> None:
    scan_id = await scans.start(ANN, account.id)
    assert scan_id is not None
    await scans.run(scan_id, no_progress)
    assert await scans.run(scan_id, no_progress) is None


async def deep_scan(scans: ScanService, owner: TelegramId, account: Account) -> ScanReport:
    scan_id = await scans.start(owner, account.id, deep=True)
    assert scan_id is not None
    report = await scans.run(scan_id, no_progress)
    assert report is not None
    return report


async def shared(uow: MemoryUnitOfWorkFactory) -> list[tuple[str, int]]:
    async with uow() as unit:
        return await unit.shared_domains.seen_by(at_least=1, limit=1000)


async def test_deep_scan_without_the_opt_in_shares_nothing(
    scans: ScanService, uow: MemoryUnitOfWorkFactory, account: Account
) -> None:
    report = await deep_scan(scans, ANN, account)
    assert report.shared_domains == []
    assert await shared(uow) == []


async def test_opted_in_domains_reach_the_operators_only_once_three_people_shared_them(
    scans: ScanService, uow: MemoryUnitOfWorkFactory, account: Account
) -> None:
    await given_user(uow, CY, share_domains=True)
    async with uow() as unit:
        user = await unit.users.get(ANN)
        assert user is not None
        await unit.users.save(replace(user, share_domains=True))
        await unit.commit()
    assert (await deep_scan(scans, ANN, account)).shared_domains == []  # one person: not shown
    domains = [d for d, _ in await shared(uow)]
    assert domains and all(people == 1 for _, people in await shared(uow))
    await deep_scan(scans, ANN, account)  # the same person again counts once
    assert all(people == 1 for _, people in await shared(uow))
    async with uow() as unit:
        await unit.shared_domains.count_person(domains)  # a second person
        await unit.commit()
    report = await deep_scan(scans, CY, await given_account(uow, CY, address=ADDRESS))
    assert report.shared_domains == [(d, 3) for d in sorted(domains)][:15]


async def test_forged_cancel_of_another_persons_scan_changes_nothing(
    scans: ScanService, account: Account
) -> None:
    scan_id = await scans.start(ANN, account.id)
    assert scan_id is not None
    assert await scans.cancel(BOB, scan_id) is False
    report = await scans.run(scan_id, no_progress)
    assert report is not None
    assert report.state is ScanState.COMPLETED


async def test_owner_cancels_a_running_scan(scans: ScanService, account: Account) -> None:
    scan_id = await scans.start(ANN, account.id)
    assert scan_id is not None
    assert await scans.cancel(ANN, scan_id) is True
    report = await scans.run(scan_id, no_progress)
    assert report is not None
    assert report.state is ScanState.CANCELLED


async def test_cancel_of_an_unknown_or_finished_scan_changes_nothing(
    scans: ScanService, account: Account
) -> None:
    scan_id = await scans.start(ANN, account.id)
    assert scan_id is not None
    assert await scans.cancel(ANN, scan_id + 1000) is False
    await scans.run(scan_id, no_progress)
    assert await scans.cancel(ANN, scan_id) is False
