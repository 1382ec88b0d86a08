"""Small factories of domain values, and ways to put them in a store through its own ports."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from bot.sandbox.google.scopes import METADATA, READONLY, SEND
from brokers.accounts import Account, Tokens
from brokers.lifecycle import RequestStatus
from brokers.ports import UnitOfWorkFactory
from brokers.profile import Profile, Step, TelegramId, User
from brokers.requests import Channel, DeletionRequest, NewRequest

ANN = TelegramId(1001)
BOB = TelegramId(1002)
CONSENTED = datetime(2026, 11, 1, tzinfo=UTC)
FULL_SCOPES = frozenset({READONLY, SEND})
PRIVATE_SCOPES = frozenset({METADATA, SEND})


def a_user(telegram_id: TelegramId = ANN, **changes: Any) -> User:
    user = User(
        telegram_id=telegram_id,
        language="en",
        consent_at=CONSENTED,
        epoch="e1",
        profile=Profile(full_name="Ann Example", other_emails=("ann@example.org",)),
        step=Step.DONE,
    )
    return replace(user, **changes)


def some_tokens(access: str = "access-1", scopes: frozenset[str] = FULL_SCOPES) -> Tokens:
    return Tokens(access_token=access, refresh_token="refresh-1", expiry=None, scopes=scopes)


def a_draft(broker_id: str = "acxiom", owner: TelegramId = ANN, account: Account | None = None) -> NewRequest:
    return NewRequest(
        telegram_id=owner,
        account_id=account.id if account else None,
        broker_id=broker_id,
        law="gdpr",
        channel=Channel.EMAIL,
        recipient=f"privacy@{broker_id}.example",
    )


async def given_user(uow: UnitOfWorkFactory, telegram_id: TelegramId = ANN, **changes: Any) -> User:
    user = a_user(telegram_id, **changes)
    async with uow() as unit:
        await unit.users.save(user)
        await unit.commit()
    return user


async def given_account(
    uow: UnitOfWorkFactory,
    owner: TelegramId = ANN,
    address: str = "ann@gmail.com",
    scopes: frozenset[str] = FULL_SCOPES,
) -> Account:
    async with uow() as unit:
        account, _ = await unit.accounts.upsert(owner, address, some_tokens(scopes=scopes))
        await unit.commit()
    return account


async def given_draft(uow: UnitOfWorkFactory, new: NewRequest) -> DeletionRequest:
    async with uow() as unit:
        request = await unit.requests.add_draft(new)
        await unit.commit()
    assert request is not None
    return request


async def given_status(
    uow: UnitOfWorkFactory, request: DeletionRequest, *path: RequestStatus, **values: Any
) -> DeletionRequest:
    """Walk a request along the lifecycle (`values` go with the last step); the one setup use of `move`."""
    async with uow() as unit:
        current = request.status
        for step, status in enumerate(path, start=1):
            last = step == len(path)
            moved = await unit.requests.move(
                request.id, expected=current, to=status, reason="test setup", **(values if last else {})
            )
            assert moved, f"{current} -> {status}"
            current = status
        await unit.commit()
        found = await unit.requests.get(request.id)
    assert found is not None
    return found
