"""The SQL repository of connected Gmail accounts; addresses and tokens are stored encrypted."""

from __future__ import annotations

import hashlib

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from brokers.accounts import Account, AccountId, AccountState, Tokens
from brokers.lifecycle import RequestStatus
from brokers.ports import Clock, SecretBox
from brokers.profile import TelegramId
from storage.records import AuthorizationRecord, DeletionRequestRecord
from storage.token_codec import open_tokens, seal_tokens


def address_key(telegram_id: int, address: str) -> str:
    """Keeps one row per mailbox and person without storing the address in the clear."""
    return hashlib.sha256(f"{telegram_id}:{address.strip().lower()}".encode()).hexdigest()


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

    async def list_for(self, telegram_id: TelegramId) -> list[Account]:
        rows = await self._session.scalars(
            select(AuthorizationRecord)
            .where(AuthorizationRecord.user_id == telegram_id)
            .order_by(AuthorizationRecord.id)
        )
        return [self._to_account(r) for r in rows]

    async def tokens(self, account_id: AccountId) -> Tokens | None:
        record = await self._session.get(AuthorizationRecord, account_id)
        return None if record is None else open_tokens(self._box, record.tokens_enc)

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
        )
