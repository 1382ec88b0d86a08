"""One transaction per update or job, with the repositories bound to it."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from brokers.ports import Clock, SecretBox
from storage.accounts import SqlAccountRepository
from storage.audit import SqlAuditLog
from storage.discoveries import SqlDiscoveryRepository
from storage.jobs import SqlJobScheduler
from storage.oauth_states import SqlOAuthStateRepository
from storage.requests import SqlRequestRepository
from storage.scans import SqlScanRepository
from storage.shared_domains import SqlSharedDomainRepository
from storage.users import SqlUserRepository


class SqlUnitOfWork:
    session: AsyncSession
    users: SqlUserRepository
    audit: SqlAuditLog
    accounts: SqlAccountRepository
    oauth_states: SqlOAuthStateRepository
    requests: SqlRequestRepository
    discoveries: SqlDiscoveryRepository
    scans: SqlScanRepository
    shared_domains: SqlSharedDomainRepository
    jobs: SqlJobScheduler

    def __init__(self, sessions: async_sessionmaker[AsyncSession], box: SecretBox, clock: Clock) -> None:
        self._sessions = sessions
        self._box = box
        self._clock = clock

    async def __aenter__(self) -> Self:
        self.session = self._sessions()
        self.users = SqlUserRepository(self.session, self._box, self._clock)
        self.audit = SqlAuditLog(self.session, self._clock)
        self.accounts = SqlAccountRepository(self.session, self._box, self._clock)
        self.oauth_states = SqlOAuthStateRepository(self.session, self._box)
        self.requests = SqlRequestRepository(self.session, self._clock)
        self.discoveries = SqlDiscoveryRepository(self.session)
        self.scans = SqlScanRepository(self.session, self._clock)
        self.shared_domains = SqlSharedDomainRepository(self.session, self._clock)
        self.jobs = SqlJobScheduler(self.session, self._clock)
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.session.rollback()
        await self.session.close()

    async def commit(self) -> None:
        # A lock held by another writer is waited out by SQLite's busy timeout (storage.engine);
        # past it the unit of work fails as a whole, and a durable job's is tried again by the sweep.
        await self.session.commit()


class SqlUnitOfWorkFactory:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], box: SecretBox, clock: Clock) -> None:
        self._sessions = sessions
        self._box = box
        self._clock = clock

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self._sessions, self._box, self._clock)
