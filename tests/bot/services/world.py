"""The connect and mailbox services on a migrated database, with fakes of the OAuth and connector ports."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest

from bot.services.connect import ConnectService
from bot.services.connect_events import ReconnectNeeded
from bot.services.mailboxes import MailboxAccess
from brokers.accounts import Account, Tokens
from brokers.profile import Profile, Step, TelegramId, User
from brokers.scopes import READONLY, SEND
from storage import migrate
from storage.crypto import FernetCipher, generate_key
from storage.engine import create_engine, create_session_factory
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.bot.services.fake_ports import FakeMailboxConnector, FakeOAuthProvider
from tests.clock import FakeClock

ANN = TelegramId(1001)
BOB = TelegramId(1002)
ALICE = "alice@gmail.com"


def tokens(access: str = "access-1", *, scopes: frozenset[str] = frozenset({READONLY, SEND})) -> Tokens:
    expiry = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)  # an hour after FakeClock's start
    return Tokens(access_token=access, refresh_token="refresh-1", expiry=expiry, scopes=scopes)


def user(telegram_id: TelegramId) -> User:
    return User(
        telegram_id=telegram_id,
        language="en",
        consent_at=datetime(2026, 11, 1, tzinfo=UTC),
        epoch="abc123",
        profile=Profile(full_name="Ann Example"),
        step=Step.DONE,
    )


@dataclass
class World:
    uow: SqlUnitOfWorkFactory
    clock: FakeClock
    oauth: FakeOAuthProvider
    gmail: FakeMailboxConnector
    mailboxes: MailboxAccess
    connect: ConnectService
    published: list[ReconnectNeeded] = field(default_factory=list)

    async def account(self, owner: TelegramId = ANN, grant: Tokens | None = None) -> Account:
        async with self.uow() as unit:
            account, _ = await unit.accounts.upsert(owner, ALICE, grant or tokens())
            await unit.commit()
        return account

    async def stored_tokens(self, account: Account) -> Tokens | None:
        async with self.uow() as unit:
            return await unit.accounts.tokens(account.id)

    async def audit_actions(self) -> list[str]:
        async with self.uow() as unit:
            return [str(entry["action"]) for entry in await unit.audit.recent()]

    def expire(self, minutes: float = 0) -> None:
        """Move the clock to `minutes` past the stored tokens' expiry."""
        self.clock.advance(hours=1, minutes=minutes)


@pytest.fixture
async def world(database_url: str) -> AsyncIterator[World]:
    await migrate.upgrade(database_url)
    engine = create_engine(database_url)
    clock = FakeClock()
    uow = SqlUnitOfWorkFactory(create_session_factory(engine), FernetCipher([generate_key()]), clock)
    async with uow() as unit:
        await unit.users.save(user(ANN))
        await unit.users.save(user(BOB))
        await unit.commit()
    oauth = FakeOAuthProvider(grant=tokens())
    gmail = FakeMailboxConnector(address=" Alice@Gmail.com ")
    published: list[ReconnectNeeded] = []

    async def publish(event: ReconnectNeeded) -> None:
        published.append(event)

    mailboxes = MailboxAccess(uow, clock, oauth, gmail, publish=publish)
    connect = ConnectService(uow, clock, oauth, mailboxes.read_address)
    yield World(uow, clock, oauth, gmail, mailboxes, connect, published)
    await engine.dispose()
