"""The unit of work's contract: unseen by others until commit; leaving without commit undoes it."""

from __future__ import annotations

from dataclasses import replace

from tests.contracts.conftest import Store
from tests.factories import ANN, a_user, given_user


async def test_uncommitted_write_is_not_seen_by_another_unit_of_work(store: Store) -> None:
    async with store.uow() as writer:
        await writer.users.save(a_user())
        async with store.uow() as reader:
            assert await reader.users.get(ANN) is None


async def test_write_is_seen_by_another_unit_of_work_after_commit(store: Store) -> None:
    async with store.uow() as unit:
        await unit.users.save(a_user())
        await unit.commit()
    async with store.uow() as unit:
        assert await unit.users.get(ANN) == a_user()


async def test_leaving_without_commit_rolls_the_writes_back(store: Store) -> None:
    await given_user(store.uow)
    async with store.uow() as unit:
        await unit.users.save(replace(a_user(), language="de"))
    async with store.uow() as unit:
        assert await unit.users.get(ANN) == a_user()


async def test_unit_of_work_sees_its_own_uncommitted_writes(store: Store) -> None:
    async with store.uow() as unit:
        await unit.users.save(a_user())
        assert await unit.users.get(ANN) == a_user()


async def test_writes_after_a_commit_belong_to_the_next_transaction(store: Store) -> None:
    async with store.uow() as unit:
        await unit.users.save(a_user())
        await unit.commit()
        await unit.users.save(replace(a_user(), language="de"))
    async with store.uow() as unit:
        assert await unit.users.get(ANN) == a_user()


async def test_job_armed_in_a_unit_of_work_is_due_only_after_its_commit(store: Store) -> None:
    async with store.uow() as unit:
        await unit.jobs.schedule("notice", store.clock.now(), payload={"type": "deadline_near"})
        assert (await store.queue.stats(store.clock.now())).due == 0
        await unit.commit()
    (job,) = await store.queue.claim_due("w", limit=10, lease_seconds=60)
    assert (job.kind, dict(job.payload)) == ("notice", {"type": "deadline_near"})


async def test_job_armed_in_a_unit_of_work_left_without_commit_is_never_due(store: Store) -> None:
    async with store.uow() as unit:
        await unit.jobs.schedule("notice", store.clock.now(), dedupe_key="k")
    assert await store.queue.claim_due("w", limit=10, lease_seconds=60) == []


async def test_job_cancelled_in_a_unit_of_work_stays_until_its_commit(store: Store) -> None:
    await store.queue.schedule("notice", store.clock.now(), dedupe_key="k")
    async with store.uow() as unit:
        assert await unit.jobs.cancel("k")
    async with store.uow() as unit:
        assert await unit.jobs.cancel("k")
        await unit.commit()
    assert await store.queue.claim_due("w", limit=10, lease_seconds=60) == []
