"""In-memory shared sender domains (brokers.ports.SharedDomainRepository): domain -> people, no user ids."""

from __future__ import annotations

from collections.abc import Iterable

from tests.fakes.memory.database import Session


class MemorySharedDomainRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    async def count_person(self, domains: Iterable[str]) -> None:
        counts = self._session.tables.shared_domains
        for domain in set(domains):
            counts[domain] = counts.get(domain, 0) + 1

    async def seen_by(self, *, at_least: int, limit: int = 50) -> list[tuple[str, int]]:
        counts = self._session.tables.shared_domains
        ranked = sorted(((d, n) for d, n in counts.items() if n >= at_least), key=lambda x: (-x[1], x[0]))
        return ranked[:limit]
