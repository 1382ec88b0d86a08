"""In-memory deletion requests and their append-only history (brokers.ports.RequestRepository)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from brokers.accounts import Account, AccountId
from brokers.lifecycle import RequestStatus, transition
from brokers.profile import TelegramId
from brokers.requests import Channel, DeletionRequest, NewRequest, RequestEvent, RequestId
from tests.fakes.memory.database import Session


class MemoryRequestRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    async def add_draft(self, new: NewRequest) -> DeletionRequest | None:
        requests = self._session.tables.requests.values()
        mine = (r for r in requests if (r.telegram_id, r.broker_id) == (new.telegram_id, new.broker_id))
        if any(r.status is not RequestStatus.CLOSED for r in mine):
            return None
        request_id = RequestId(self._session.database.next_id("requests"))
        request = DeletionRequest(
            request_id, new.telegram_id, new.account_id, new.broker_id, new.law, new.channel, new.recipient,
            RequestStatus.DRAFT, None, None, None, None, None, 0, None, self._session.now,
        )  # fmt: skip
        self._session.tables.requests[request_id] = request
        self._event(request_id, None, RequestStatus.DRAFT, "created")
        return request

    async def get(self, request_id: RequestId) -> DeletionRequest | None:
        return self._session.tables.requests.get(request_id)

    async def list_for(
        self,
        telegram_id: TelegramId,
        *,
        statuses: Iterable[RequestStatus] | None = None,
        offset: int = 0,
        limit: int = 50,
        latest_only: bool = False,
    ) -> tuple[list[DeletionRequest], int]:
        wanted = None if statuses is None else set(statuses)
        newest_first = sorted(self._session.tables.requests.values(), key=lambda r: r.id, reverse=True)
        seen: set[tuple[AccountId | None, str]] = set()
        mine = []
        for r in (r for r in newest_first if r.telegram_id == telegram_id):
            older = (r.account_id, r.broker_id) in seen
            seen.add((r.account_id, r.broker_id))
            if not (latest_only and older) and (wanted is None or r.status in wanted):
                mine.append(r)
        return mine[offset : offset + limit], len(mine)

    async def of_account(self, account: Account, statuses: Iterable[RequestStatus]) -> list[DeletionRequest]:
        wanted = set(statuses)
        newest_first = sorted(self._session.tables.requests.values(), key=lambda r: r.id, reverse=True)
        return [r for r in newest_first if r.account_id == account.id and r.status in wanted]

    async def of_accounts(
        self, accounts: Collection[Account], statuses: Iterable[RequestStatus]
    ) -> dict[AccountId, list[DeletionRequest]]:
        return {account.id: await self.of_account(account, statuses) for account in accounts}

    async def in_status(self, status: RequestStatus, *, limit: int = 500) -> list[DeletionRequest]:
        oldest_first = sorted(self._session.tables.requests.values(), key=lambda r: r.id)
        return [r for r in oldest_first if r.status is status][:limit]

    async def move(
        self,
        request_id: RequestId,
        *,
        expected: RequestStatus,
        to: RequestStatus,
        reason: str,
        evidence: Mapping[str, Any] | None = None,
        **values: Any,
    ) -> bool:
        transition(expected, to)
        request = self._session.tables.requests.get(request_id)
        if request is None or request.status is not expected:
            return False
        self._session.tables.requests[request_id] = replace(request, status=to, **values)
        self._event(request_id, expected, to, reason, dict(evidence) if evidence is not None else None)
        return True

    async def note(
        self, request_id: RequestId, *, reason: str, evidence: dict[str, Any] | None = None
    ) -> None:
        request = self._session.tables.requests.get(request_id)
        if request is not None:
            self._event(request_id, request.status, request.status, reason, evidence)

    async def set_law(self, request_id: RequestId, law: str) -> bool:
        request = self._session.tables.requests.get(request_id)
        if request is None or request.status is not RequestStatus.DRAFT or request.law == law:
            return False
        self._session.tables.requests[request_id] = replace(request, law=law)
        self._event(request_id, RequestStatus.DRAFT, RequestStatus.DRAFT, f"redrafted under {law}", None)
        return True

    async def sent_since(self, account_id: AccountId, since: datetime) -> int:
        return sum(
            1
            for r in self._session.tables.requests.values()
            if r.account_id == account_id and r.channel is Channel.EMAIL and r.sent_at and r.sent_at >= since
        )

    async def history(self, request_id: RequestId) -> list[RequestEvent]:
        events = sorted(self._session.tables.events.items())
        return [e for _, e in events if e.request_id == request_id]

    def _event(
        self,
        request_id: RequestId,
        before: RequestStatus | None,
        after: RequestStatus,
        reason: str,
        evidence: dict[str, Any] | None = None,
    ) -> None:
        event = RequestEvent(request_id, before, after, self._session.now, reason, evidence)
        self._session.tables.events[self._session.database.next_id("events")] = event
