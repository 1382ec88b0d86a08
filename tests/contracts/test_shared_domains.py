"""SharedDomainRepository contract: people per domain, each person once per domain, no user ids."""

from __future__ import annotations

from tests.contracts.conftest import Store


async def count(store: Store, *domains: str) -> None:
    async with store.uow() as unit:
        await unit.shared_domains.count_person(domains)
        await unit.commit()


async def test_domains_are_listed_once_enough_people_saw_them(store: Store) -> None:
    await count(store, "a.example", "b.example")
    await count(store, "a.example", "a.example", "c.example")  # one person, counted once per domain
    await count(store, "a.example", "b.example")
    async with store.uow() as unit:
        assert await unit.shared_domains.seen_by(at_least=3) == [("a.example", 3)]
        assert await unit.shared_domains.seen_by(at_least=2) == [("a.example", 3), ("b.example", 2)]


async def test_nothing_counted_lists_nothing(store: Store) -> None:
    await count(store)
    async with store.uow() as unit:
        assert await unit.shared_domains.seen_by(at_least=1) == []


async def test_uncommitted_counts_are_not_kept(store: Store) -> None:
    async with store.uow() as unit:
        await unit.shared_domains.count_person(["a.example"])
    async with store.uow() as unit:
        assert await unit.shared_domains.seen_by(at_least=1) == []
