"""The SQL repository of connected Gmail accounts; addresses and tokens are stored encrypted."""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, case, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from brokers.accounts import Account, AccountId, AccountState, ReplySync, Tokens
from brokers.lifecycle import RequestStatus
from brokers.ports import Clock, SecretBox
from brokers.profile import TelegramId
from storage.records import AuthorizationRecord, DeletionRequestRecord
from storage.token_codec import open_tokens, seal_tokens


def address_key(telegram_id: int, address: str) -> str:
    """Keeps one row per mailbox and person without storing the address in the clear."""
    return hashlib.sha256(f"{telegram_id}:{address.strip().lower()}".encode()).hexdigest()


def mailbox_key(address: str) -> str:
    """Finds a mailbox's accounts from its address alone (a Gmail push names nothing else)."""
    return hashlib.sha256(f"mailbox:{address.strip().lower()}".encode()).hexdigest()


class SqlAccountRepository:
    def __init__(self, session: AsyncSession, box: SecretBox, clock: Clock) -> None:
        self._session = session
        self._box = box
        self._clock = clock

    async def upsert(self, telegram_id: TelegramId, address: str, tokens: Tokens) -> tuple[Account, bool]:
        """Store a connected mailbox; the same mailbox again replaces its tokens. True if it is new."""
        key = address_key(telegram_id, address)
        record = await self._session.scalar(
            select(AuthorizationRecord).where(
                AuthorizationRecord.user_id == telegram_id, AuthorizationRecord.address_hash == key
            )
        )
        now = self._clock.now()
        created = record is None
        if record is None:
            record = AuthorizationRecord(user_id=telegram_id, address_hash=key, created_at=now)
            self._session.add(record)
        record.address_enc = self._box.encrypt(address.strip().lower())
        record.mailbox_hash = mailbox_key(address)
        record.tokens_enc = seal_tokens(self._box, tokens)
        record.scopes = " ".join(sorted(tokens.scopes))
        record.state = AccountState.ACTIVE.value
        record.updated_at = now
        await self._session.flush()
        if created:
            await self._session.execute(
                update(DeletionRequestRecord)
                .where(
                    DeletionRequestRecord.user_id == telegram_id,
                    DeletionRequestRecord.parked_address_hash == key,
                    DeletionRequestRecord.authorization_id.is_(None),
                )
                .values(authorization_id=record.id, parked_address_hash=None)
            )
        return self._to_account(record), created

    async def get(self, account_id: AccountId) -> Account | None:
        record = await self._session.get(AuthorizationRecord, account_id, populate_existing=True)
        return None if record is None else self._to_account(record)

    async def get_many(self, account_ids: Collection[AccountId]) -> list[Account]:
        rows = await self._session.scalars(
            select(AuthorizationRecord)
            .where(AuthorizationRecord.id.in_(list(account_ids)))
            .execution_options(populate_existing=True)
        )
        return [self._to_account(r) for r in rows]

    async def list_for(self, telegram_id: TelegramId) -> list[Account]:
        rows = await self._session.scalars(
            select(AuthorizationRecord)
            .where(AuthorizationRecord.user_id == telegram_id)
            .order_by(AuthorizationRecord.id)
        )
        return [self._to_account(r) for r in rows]

    async def by_mailbox(self, address: str) -> list[AccountId]:
        rows = await self._session.scalars(
            select(AuthorizationRecord.id).where(
                AuthorizationRecord.mailbox_hash == mailbox_key(address),
                AuthorizationRecord.state == AccountState.ACTIVE.value,
            )
        )
        return [AccountId(i) for i in rows]

    async def index_mailbox(self, account: Account) -> None:
        await self._session.execute(
            update(AuthorizationRecord)
            .where(AuthorizationRecord.id == account.id, AuthorizationRecord.mailbox_hash.is_(None))
            .values(mailbox_hash=mailbox_key(account.address))
        )

    async def tokens(self, account_id: AccountId) -> Tokens | None:
        record = await self._session.get(AuthorizationRecord, account_id)
        return None if record is None else open_tokens(self._box, record.tokens_enc)

    async def tokens_of(self, account_ids: Collection[AccountId]) -> dict[AccountId, Tokens]:
        rows = await self._session.execute(
            select(AuthorizationRecord.id, AuthorizationRecord.tokens_enc).where(
                AuthorizationRecord.id.in_(list(account_ids))
            )
        )
        return {AccountId(i): open_tokens(self._box, sealed) for i, sealed in rows}

    async def save_tokens(self, account_id: AccountId, tokens: Tokens) -> None:
        await self._session.execute(
            update(AuthorizationRecord)
            .where(AuthorizationRecord.id == account_id)
            .values(tokens_enc=seal_tokens(self._box, tokens), updated_at=self._clock.now())
        )

    async def mark(self, account_id: AccountId, *, state: AccountState, was: AccountState) -> bool:
        """Move the account from `was` to `state`; False if it was not in `was` (so a notice goes once)."""
        result = await self._session.execute(
            update(AuthorizationRecord)
            .where(AuthorizationRecord.id == account_id, AuthorizationRecord.state == was.value)
            .values(state=state.value, updated_at=self._clock.now())
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def set_history_id(self, account_id: AccountId, history_id: str | None) -> None:
        await self._session.execute(
            update(AuthorizationRecord)
            .where(AuthorizationRecord.id == account_id)
            .values(history_id=history_id)
        )

    async def advance_sync(
        self,
        account_id: AccountId,
        *,
        expected: str | None,
        history_id: str | None,
        at: datetime,
        units: int,
    ) -> bool:
        """Compare and set, so two checkers of one account can never both record the same replies."""
        position = AuthorizationRecord.reply_history_id
        statement = (
            update(AuthorizationRecord)
            .where(
                AuthorizationRecord.id == account_id,
                position.is_(None) if expected is None else position == expected,
            )
            .values(reply_history_id=history_id, replies_synced_at=at, reply_failures=0, **_units(at, units))
        )
        # On the connection: the session's ORM update would also look for the row among its objects.
        result = await (await self._session.connection()).execute(statement)
        return bool(result.rowcount)

    async def confirm_sync(self, positions: Mapping[AccountId, str], *, at: datetime, units: int) -> None:
        """`advance_sync` of many accounts whose position did not move: one statement run for each
        (compiled once), each counting `units` and marking the account synced at `at` where its
        position is still the one given."""
        if not positions:
            return
        statement = (
            update(AuthorizationRecord)
            .where(
                AuthorizationRecord.id == bindparam("account"),
                AuthorizationRecord.reply_history_id == bindparam("position"),
            )
            .values(replies_synced_at=at, reply_failures=0, **_units(at, units))
        )
        rows = [{"account": account_id, "position": position} for account_id, position in positions.items()]
        # On the connection: the session would take a list of rows as an ORM bulk update.
        await (await self._session.connection()).execute(statement, rows)

    async def sync_failed(self, account_id: AccountId, *, at: datetime, units: int) -> int:
        failures = await self._session.scalar(
            update(AuthorizationRecord)
            .where(AuthorizationRecord.id == account_id)
            .values(reply_failures=AuthorizationRecord.reply_failures + 1, **_units(at, units))
            .returning(AuthorizationRecord.reply_failures)
        )
        return int(failures or 0)

    async def count_units(self, account_id: AccountId, *, at: datetime, units: int) -> None:
        if units:
            await self._session.execute(
                update(AuthorizationRecord)
                .where(AuthorizationRecord.id == account_id)
                .values(**_units(at, units))
            )

    async def delete(self, account_id: AccountId) -> bool:
        """Delete the account; its drafts stay, parked under the mailbox's key (see `upsert`)."""
        key = await self._session.scalar(
            select(AuthorizationRecord.address_hash).where(AuthorizationRecord.id == account_id)
        )
        await self._session.execute(
            update(DeletionRequestRecord)
            .where(
                DeletionRequestRecord.authorization_id == account_id,
                DeletionRequestRecord.status == RequestStatus.DRAFT.value,
            )
            .values(parked_address_hash=key)
        )
        result = await self._session.execute(
            delete(AuthorizationRecord).where(AuthorizationRecord.id == account_id)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def _to_account(self, record: AuthorizationRecord) -> Account:
        return Account(
            id=AccountId(record.id),
            telegram_id=TelegramId(record.user_id),
            address=self._box.decrypt(record.address_enc),
            scopes=frozenset(record.scopes.split()),
            state=AccountState(record.state),
            history_id=record.history_id,
            created_at=record.created_at,
            sync=ReplySync(
                history_id=record.reply_history_id,
                synced_at=record.replies_synced_at,
                failures=record.reply_failures or 0,
                units_day=record.units_day,
                units=record.units_today or 0,
            ),
        )


def _units(at: datetime, units: int) -> dict[str, Any]:
    """Add `units` to the count of `at`'s day, starting the count afresh on a new day."""
    day = at.date()
    today = AuthorizationRecord.units_day == day
    return {
        "units_day": day,
        "units_today": case((today, AuthorizationRecord.units_today + units), else_=units),
    }
