"""The SQL user repository: encrypted details, atomic consent, erasure of every row."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, text

from brokers.profile import Profile, Step, TelegramId, User
from storage import migrate
from storage.crypto import FernetCipher, generate_key
from storage.engine import create_engine, create_session_factory
from storage.records import AuditRecord, AuthorizationRecord
from storage.rotation import ENCRYPTED_COLUMNS, rotate_secrets
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.clock import FakeClock

ANN = TelegramId(1001)


def _user(telegram_id: TelegramId = ANN) -> User:
    return User(
        telegram_id=telegram_id,
        language="en",
        consent_at=datetime(2026, 11, 1, tzinfo=UTC),
        epoch="abc123",
        profile=Profile(
            full_name="Ann Example",
            other_emails=("ann@example.org",),
            postal_address="1 Main St\nSpringfield",
        ),
        step=Step.DONE,
    )


Store = tuple[SqlUnitOfWorkFactory, str, str]


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    """A unit-of-work factory on a migrated database, its URL, and the one encryption key."""
    await migrate.upgrade(database_url)
    engine = create_engine(database_url)
    key = generate_key()
    yield (
        SqlUnitOfWorkFactory(create_session_factory(engine), FernetCipher([key]), FakeClock()),
        database_url,
        key,
    )
    await engine.dispose()


async def test_saved_user_reads_back_equal(store: Store) -> None:
    uow, _, _ = store
    async with uow() as unit:
        await unit.users.save(_user())
        await unit.commit()
    async with uow() as unit:
        assert await unit.users.get(ANN) == _user()


async def test_profile_is_not_stored_in_plain_text(store: Store) -> None:
    uow, url, _ = store
    async with uow() as unit:
        await unit.users.save(_user())
        await unit.commit()
    engine = create_engine(url)
    async with engine.connect() as connection:
        stored = (await connection.execute(text("SELECT profile_enc FROM users"))).scalar_one()
    await engine.dispose()
    assert "Ann" not in stored
    assert "example.org" not in stored


async def test_consent_claim_creates_a_user_once(store: Store) -> None:
    uow, _, _ = store
    results = []
    for _ in range(2):
        async with uow() as unit:
            results.append(await unit.users.claim_consent(_user()))
            await unit.commit()
    assert results == [True, False]


async def test_delete_erases_every_row_about_the_user(store: Store) -> None:
    uow, _, _ = store
    now = datetime(2026, 11, 1, tzinfo=UTC)
    async with uow() as unit:
        await unit.users.save(_user())
        await unit.users.save(_user(TelegramId(2002)))
        await unit.commit()
    async with uow() as unit:
        await unit.audit.record(action="consent", actor=ANN, user_id=ANN)
        await unit.audit.record(action="refused_callback", actor=ANN, user_id=TelegramId(2002))
        unit.session.add(
            AuthorizationRecord(
                user_id=ANN,
                address_enc="x",
                address_hash="h",
                tokens_enc="t",
                scopes="",
                state="active",
                created_at=now,
                updated_at=now,
            )
        )
        await unit.commit()
    async with uow() as unit:
        assert await unit.users.delete(ANN) is True
        await unit.commit()
    async with uow() as unit:
        assert await unit.users.get(ANN) is None
        assert await unit.session.scalar(select(func.count()).select_from(AuthorizationRecord)) == 0
        assert await unit.session.scalar(select(func.count()).select_from(AuditRecord)) == 0
        assert await unit.users.get(TelegramId(2002)) is not None


async def test_rotation_reencrypts_with_the_newest_key(store: Store) -> None:
    uow, url, old_key = store
    async with uow() as unit:
        await unit.users.save(_user())
        await unit.commit()
    new_key = generate_key()
    engine = create_engine(url)
    rotated = await rotate_secrets(engine, FernetCipher([new_key, old_key]))
    await engine.dispose()
    assert rotated == 1
    only_new = SqlUnitOfWorkFactory(
        create_session_factory(engine := create_engine(url)), FernetCipher([new_key]), FakeClock()
    )
    async with only_new() as unit:
        assert (await unit.users.get(ANN)) == _user()
    await engine.dispose()


def test_every_encrypted_column_is_rotated() -> None:
    from storage.records import Base

    encrypted = {
        (table.name, c.name)
        for table in Base.metadata.sorted_tables
        for c in table.columns
        if c.name.endswith("_enc")
    }
    covered = {
        (record.__tablename__, column) for record, cols in ENCRYPTED_COLUMNS.items() for column in cols
    }
    assert encrypted == covered
