"""Scan and discovery repositories' contract: one running scan per account, checkpoints, merged findings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from brokers.accounts import Account
from brokers.requests import Discovery
from brokers.scans import ScanRecordView, ScanState
from tests.contracts.conftest import Store
from tests.factories import given_account, given_user

DAY = datetime(2026, 3, 1, tzinfo=UTC)


async def given_mailbox(store: Store) -> Account:
    await given_user(store.uow)
    return await given_account(store.uow)


async def start(store: Store, account: Account, mode: str = "search") -> int:
    async with store.uow() as unit:
        scan_id = await unit.scans.start(account.id, mode=mode, since=None)
        await unit.commit()
    assert scan_id is not None
    return scan_id


async def finish(store: Store, scan_id: int, state: ScanState = ScanState.COMPLETED) -> None:
    async with store.uow() as unit:
        await unit.scans.finish(scan_id, state=state, messages=10, brokers=2, quota_units=30)
        await unit.commit()


async def test_started_scan_reads_back_as_running(store: Store) -> None:
    account = await given_mailbox(store)
    async with store.uow() as unit:
        scan_id = await unit.scans.start(account.id, mode="sweep", since=DAY)
        await unit.commit()
        assert scan_id is not None
        assert await unit.scans.get(scan_id) == ScanRecordView(
            scan_id, account.id, "sweep", ScanState.RUNNING, None, DAY, store.clock.now(), None, 0, 0, 0, None
        )


async def test_start_refuses_a_second_scan_while_one_runs(store: Store) -> None:
    account = await given_mailbox(store)
    await start(store, account)
    async with store.uow() as unit:
        assert await unit.scans.start(account.id, mode="search", since=None) is None


async def test_start_is_allowed_again_after_the_scan_finished(store: Store) -> None:
    account = await given_mailbox(store)
    await finish(store, await start(store, account), ScanState.CANCELLED)
    async with store.uow() as unit:
        assert await unit.scans.start(account.id, mode="search", since=None) is not None


async def test_checkpoint_and_progress_message_are_kept(store: Store) -> None:
    account = await given_mailbox(store)
    scan_id = await start(store, account)
    async with store.uow() as unit:
        await unit.scans.checkpoint(scan_id, {"page": "t2", "seen": [1, 2]})
        await unit.scans.set_progress_message(scan_id, 77)
        await unit.commit()
    async with store.uow() as unit:
        scan = await unit.scans.get(scan_id)
    assert scan is not None
    assert (scan.cursor, scan.progress_message_id) == ({"page": "t2", "seen": [1, 2]}, 77)


async def test_finish_records_counts_and_drops_the_cursor(store: Store) -> None:
    account = await given_mailbox(store)
    scan_id = await start(store, account)
    async with store.uow() as unit:
        await unit.scans.checkpoint(scan_id, {"page": "t2"})
        await unit.commit()
    store.clock.advance(minutes=5)
    await finish(store, scan_id)
    async with store.uow() as unit:
        scan = await unit.scans.get(scan_id)
    assert scan is not None
    assert (scan.state, scan.cursor, scan.messages_seen, scan.brokers_found, scan.quota_units) == (
        ScanState.COMPLETED, None, 10, 2, 30,
    )  # fmt: skip
    assert scan.finished_at == store.clock.now()


async def test_last_completed_is_the_newest_completed_scan_that_was_not_deep(store: Store) -> None:
    account = await given_mailbox(store)
    older = await start(store, account)
    await finish(store, older)
    newer = await start(store, account)
    await finish(store, newer)
    await finish(store, await start(store, account, mode="deep"))
    await finish(store, await start(store, account), ScanState.FAILED)
    async with store.uow() as unit:
        last = await unit.scans.last_completed(account.id)
    assert last is not None
    assert last.id == newer


async def test_last_completed_of_a_never_scanned_account_is_none(store: Store) -> None:
    account = await given_mailbox(store)
    async with store.uow() as unit:
        assert await unit.scans.last_completed(account.id) is None


async def test_running_lists_only_unfinished_scans(store: Store) -> None:
    account = await given_mailbox(store)
    other = await given_account(store.uow, address="other@gmail.com")
    await finish(store, await start(store, account))
    running = {await start(store, account), await start(store, other)}
    async with store.uow() as unit:
        assert {s.id for s in await unit.scans.running()} == running


async def test_merge_adds_counts_and_widens_the_dates(store: Store) -> None:
    account = await given_mailbox(store)
    scan_id = await start(store, account)
    async with store.uow() as unit:
        await unit.discoveries.merge(
            Discovery(account.id, "acxiom", 3, DAY, DAY + timedelta(days=2)), scan_id=None
        )
        await unit.discoveries.merge(
            Discovery(account.id, "acxiom", 2, DAY - timedelta(days=1), DAY + timedelta(days=1)),
            scan_id=scan_id,
        )
        await unit.commit()
    async with store.uow() as unit:
        assert await unit.discoveries.for_account(account.id) == [
            Discovery(account.id, "acxiom", 5, DAY - timedelta(days=1), DAY + timedelta(days=2))
        ]


async def test_merge_of_a_whole_mailbox_scan_replaces_counts_and_dates(store: Store) -> None:
    account = await given_mailbox(store)
    first = await start(store, account)
    async with store.uow() as unit:
        await unit.discoveries.merge(Discovery(account.id, "acxiom", 3, DAY, DAY), scan_id=first)
        await unit.commit()
    await finish(store, first)
    second = await start(store, account, mode="deep")
    async with store.uow() as unit:
        found = Discovery(account.id, "acxiom", 4, DAY - timedelta(days=9), DAY + timedelta(days=1))
        await unit.discoveries.merge(found, scan_id=second, whole_mailbox=True)
        await unit.commit()
    async with store.uow() as unit:
        assert await unit.discoveries.for_account(account.id) == [found]


async def test_merge_of_the_same_scan_twice_counts_once(store: Store) -> None:
    account = await given_mailbox(store)
    scan_id = await start(store, account)
    async with store.uow() as unit:
        await unit.discoveries.merge(Discovery(account.id, "acxiom", 3, DAY, DAY), scan_id=None)
        await unit.commit()
    for _ in range(2):
        async with store.uow() as unit:
            await unit.discoveries.merge(
                Discovery(account.id, "acxiom", 2, DAY, DAY + timedelta(days=1)), scan_id=scan_id
            )
            await unit.commit()
    async with store.uow() as unit:
        assert await unit.discoveries.for_account(account.id) == [
            Discovery(account.id, "acxiom", 5, DAY, DAY + timedelta(days=1))
        ]


async def test_findings_are_listed_most_mail_first_per_account(store: Store) -> None:
    account = await given_mailbox(store)
    other = await given_account(store.uow, address="other@gmail.com")
    async with store.uow() as unit:
        for broker, count, owner in (
            ("a", 1, account),
            ("b", 9, account),
            ("c", 4, account),
            ("d", 5, other),
        ):
            await unit.discoveries.merge(Discovery(owner.id, broker, count, DAY, DAY), scan_id=None)
        await unit.commit()
    async with store.uow() as unit:
        found = await unit.discoveries.for_account(account.id)
    assert [(d.broker_id, d.message_count) for d in found] == [("b", 9), ("c", 4), ("a", 1)]
