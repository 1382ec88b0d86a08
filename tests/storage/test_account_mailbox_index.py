"""Accounts connected before migration 0010 have no mailbox hash (the address is encrypted, so the
migration cannot compute it): a push finds them once their watch job indexed them."""

from __future__ import annotations

from sqlalchemy import update

from storage import migrate
from storage.crypto import FernetCipher, generate_key
from storage.engine import create_engine, create_session_factory
from storage.records import AuthorizationRecord
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.clock import FakeClock
from tests.factories import ANN, given_account, given_user


async def test_an_account_from_before_the_index_is_found_once_indexed(database_url: str) -> None:
    await migrate.upgrade(database_url)
    engine = create_engine(database_url)
    sessions = create_session_factory(engine)
    uow = SqlUnitOfWorkFactory(sessions, FernetCipher([generate_key()]), FakeClock())
    try:
        await given_user(uow, ANN)
        account = await given_account(uow, ANN, "ann@gmail.com")
        async with sessions.begin() as session:
            await session.execute(update(AuthorizationRecord).values(mailbox_hash=None))
        async with uow() as unit:
            assert await unit.accounts.by_mailbox("ann@gmail.com") == []
            await unit.accounts.index_mailbox(account)
            await unit.commit()
        async with uow() as unit:
            assert await unit.accounts.by_mailbox("ann@gmail.com") == [account.id]
    finally:
        await engine.dispose()
