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
