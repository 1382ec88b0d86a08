"""The in-memory unit of work: nothing it writes is seen by another until `commit`; leaving rolls back."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from brokers.ports import Clock
from tests.fakes.memory.accounts import MemoryAccountRepository
from tests.fakes.memory.database import MemoryDatabase, Session
from tests.fakes.memory.jobs import MemoryJobScheduler
from tests.fakes.memory.oauth_states import MemoryOAuthStateRepository
from tests.fakes.memory.requests import MemoryRequestRepository
from tests.fakes.memory.scans import MemoryDiscoveryRepository, MemoryScanRepository
from tests.fakes.memory.shared_domains import MemorySharedDomainRepository
from tests.fakes.memory.users import MemoryAuditLog, MemoryUserRepository


class MemoryUnitOfWork:
    users: MemoryUserRepository
    audit: MemoryAuditLog
    accounts: MemoryAccountRepository
    oauth_states: MemoryOAuthStateRepository
    requests: MemoryRequestRepository
    discoveries: MemoryDiscoveryRepository
    scans: MemoryScanRepository
    shared_domains: MemorySharedDomainRepository
    jobs: MemoryJobScheduler

    def __init__(self, database: MemoryDatabase) -> None:
        self._database = database

    async def __aenter__(self) -> Self:
        self.session = Session(self._database)
        self.users = MemoryUserRepository(self.session)
        self.audit = MemoryAuditLog(self.session)
        self.accounts = MemoryAccountRepository(self.session)
        self.oauth_states = MemoryOAuthStateRepository(self.session)
        self.requests = MemoryRequestRepository(self.session)
        self.discoveries = MemoryDiscoveryRepository(self.session)
        self.scans = MemoryScanRepository(self.session)
        self.shared_domains = MemorySharedDomainRepository(self.session)
        self.jobs = MemoryJobScheduler(self.session)
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.session.begin()  # what was not committed is dropped

    async def commit(self) -> None:
        self.session.commit()


class MemoryUnitOfWorkFactory:
    def __init__(self, clock: Clock, database: MemoryDatabase | None = None) -> None:
        self.database = database or MemoryDatabase(clock)

    def __call__(self) -> MemoryUnitOfWork:
        return MemoryUnitOfWork(self.database)
