"""In-memory connected accounts (brokers.ports.AccountRepository); addresses kept trimmed and lower-case."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace
from datetime import datetime

from brokers.accounts import Account, AccountId, AccountState, ReplySync, Tokens
from brokers.profile import TelegramId
from tests.fakes.memory.cascade import delete_account
from tests.fakes.memory.database import Session
from tests.fakes.memory.rows import AccountRow


class MemoryAccountRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    async def upsert(self, telegram_id: TelegramId, address: str, tokens: Tokens) -> tuple[Account, bool]:
        address = address.strip().lower()
        rows = self._session.tables.accounts
        mine = (r.account for r in rows.values() if r.account.telegram_id == telegram_id)
        found = next((a for a in mine if a.address == address), None)
        if found is None:
            account_id = AccountId(self._session.database.next_id("accounts"))
            now = self._session.now
            account = Account(account_id, telegram_id, address, tokens.scopes, AccountState.ACTIVE, None, now)
        else:
            account = replace(found, scopes=frozenset(tokens.scopes), state=AccountState.ACTIVE)
        rows[account.id] = AccountRow(account, tokens)
        if found is None:
            self._unpark(telegram_id, address, account.id)
        return account, found is None

    def _unpark(self, telegram_id: TelegramId, address: str, account_id: AccountId) -> None:
        tables = self._session.tables
        for request_id, owner in list(tables.parked.items()):
            request = tables.requests.get(request_id)
            if owner == (telegram_id, address) and request is not None and request.account_id is None:
                tables.requests[request_id] = replace(request, account_id=account_id)
                del tables.parked[request_id]

    async def get(self, account_id: AccountId) -> Account | None:
        row = self._session.tables.accounts.get(account_id)
        return None if row is None else row.account

    async def get_many(self, account_ids: Collection[AccountId]) -> list[Account]:
        rows = self._session.tables.accounts
        return [rows[i].account for i in account_ids if i in rows]

    async def list_for(self, telegram_id: TelegramId) -> list[Account]:
        rows = sorted(self._session.tables.accounts.items())
        return [r.account for _, r in rows if r.account.telegram_id == telegram_id]

    async def by_mailbox(self, address: str) -> list[AccountId]:
        address = address.strip().lower()
        rows = sorted(self._session.tables.accounts.items())
        return [i for i, r in rows if r.account.address == address and r.account.state is AccountState.ACTIVE]

    async def index_mailbox(self, account: Account) -> None:
        return None  # the addresses are kept in the clear here

    async def tokens(self, account_id: AccountId) -> Tokens | None:
        row = self._session.tables.accounts.get(account_id)
        return None if row is None else row.tokens

    async def tokens_of(self, account_ids: Collection[AccountId]) -> dict[AccountId, Tokens]:
        rows = self._session.tables.accounts
        return {i: rows[i].tokens for i in account_ids if i in rows}

    async def save_tokens(self, account_id: AccountId, tokens: Tokens) -> None:
        row = self._session.tables.accounts.get(account_id)
        if row is not None:
            self._session.tables.accounts[account_id] = replace(row, tokens=tokens)

    async def mark(self, account_id: AccountId, *, state: AccountState, was: AccountState) -> bool:
        row = self._session.tables.accounts.get(account_id)
        if row is None or row.account.state is not was:
            return False
        self._session.tables.accounts[account_id] = replace(row, account=replace(row.account, state=state))
        return True

    async def set_history_id(self, account_id: AccountId, history_id: str | None) -> None:
        row = self._session.tables.accounts.get(account_id)
        if row is not None:
            account = replace(row.account, history_id=history_id)
            self._session.tables.accounts[account_id] = replace(row, account=account)

    async def advance_sync(
        self,
        account_id: AccountId,
        *,
        expected: str | None,
        history_id: str | None,
        at: datetime,
        units: int,
    ) -> bool:
        row = self._session.tables.accounts.get(account_id)
        if row is None or row.account.sync.history_id != expected:
            return False
        sync = _counted(row.account.sync, at, units)
        self._set_sync(account_id, replace(sync, history_id=history_id, synced_at=at, failures=0))
        return True

    async def confirm_sync(self, positions: Mapping[AccountId, str], *, at: datetime, units: int) -> None:
        for account_id, position in positions.items():
            await self.advance_sync(account_id, expected=position, history_id=position, at=at, units=units)

    async def sync_failed(self, account_id: AccountId, *, at: datetime, units: int) -> int:
        row = self._session.tables.accounts.get(account_id)
        if row is None:
            return 0
        sync = _counted(row.account.sync, at, units)
        self._set_sync(account_id, replace(sync, failures=sync.failures + 1))
        return sync.failures + 1

    async def count_units(self, account_id: AccountId, *, at: datetime, units: int) -> None:
        row = self._session.tables.accounts.get(account_id)
        if row is not None:
            self._set_sync(account_id, _counted(row.account.sync, at, units))

    def _set_sync(self, account_id: AccountId, sync: ReplySync) -> None:
        row = self._session.tables.accounts[account_id]
        self._session.tables.accounts[account_id] = replace(row, account=replace(row.account, sync=sync))

    async def delete(self, account_id: AccountId) -> bool:
        if account_id not in self._session.tables.accounts:
            return False
        delete_account(self._session.tables, account_id)
        return True


def _counted(sync: ReplySync, at: datetime, units: int) -> ReplySync:
    day = at.date()
    return replace(sync, units_day=day, units=sync.units_on(day) + units)
