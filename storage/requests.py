"""The SQL repository of deletion requests and their append-only history.

Status changes are compare-and-set updates (`... WHERE status = expected`), so two taps, two devices or
two processes racing for the same request find exactly one winner; the lifecycle itself is the domain's.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from brokers.accounts import Account, AccountId
from brokers.admin_stats import DONE, REPLIED
from brokers.lifecycle import RequestStatus, transition
from brokers.ports import Clock
from brokers.profile import TelegramId
from brokers.requests import Channel, DeletionRequest, NewRequest, RequestEvent, RequestId
from storage.records import DeletionRequestEventRecord, DeletionRequestRecord

R = DeletionRequestRecord


def _milestones(to: RequestStatus, now: datetime) -> dict[str, Any]:
    """The first reply and the completion, kept on the request so the league table is one GROUP BY."""
    values: dict[str, Any] = {}
    if to in REPLIED:
        values["replied_at"] = func.coalesce(R.replied_at, now)
    if to in DONE:
        values["completed_at"] = func.coalesce(R.completed_at, now)
    return values


_SETTLED = (RequestStatus.CLOSED.value,)


class SqlRequestRepository:
    def __init__(self, session: AsyncSession, clock: Clock) -> None:
        self._session = session
        self._clock = clock

    async def add_draft(self, new: NewRequest) -> DeletionRequest | None:
        """Create a draft unless the person already has a request to this broker that is not closed."""
        existing = await self._session.scalar(
            select(DeletionRequestRecord.id).where(
                DeletionRequestRecord.user_id == new.telegram_id,
                DeletionRequestRecord.broker_id == new.broker_id,
                DeletionRequestRecord.status.not_in(_SETTLED),
            )
        )
        if existing is not None:
            return None
        now = self._clock.now()
        record = DeletionRequestRecord(
            user_id=new.telegram_id,
            authorization_id=new.account_id,
            broker_id=new.broker_id,
            law=new.law,
            channel=new.channel.value,
            recipient=new.recipient,
            status=RequestStatus.DRAFT.value,
            attempts=0,
            created_at=now,
            updated_at=now,
        )
        self._session.add(record)
        await self._session.flush()
        await self._event(RequestId(record.id), None, RequestStatus.DRAFT, "created")
        return _to_request(record)

    async def get(self, request_id: RequestId) -> DeletionRequest | None:
        record = await self._session.get(DeletionRequestRecord, request_id, populate_existing=True)
        return None if record is None else _to_request(record)

    async def list_for(
        self,
        telegram_id: TelegramId,
        *,
        statuses: Iterable[RequestStatus] | None = None,
        offset: int = 0,
        limit: int = 50,
        latest_only: bool = False,
    ) -> tuple[list[DeletionRequest], int]:
        """A page of the person's requests (newest first) and how many there are in all."""
        where = [DeletionRequestRecord.user_id == telegram_id]
        if latest_only:
            newest = (
                select(func.max(DeletionRequestRecord.id))
                .where(DeletionRequestRecord.user_id == telegram_id)
                .group_by(DeletionRequestRecord.authorization_id, DeletionRequestRecord.broker_id)
            )
            where.append(DeletionRequestRecord.id.in_(newest))
        if statuses is not None:
            where.append(DeletionRequestRecord.status.in_([s.value for s in statuses]))
        total = await self._session.scalar(
            select(func.count()).select_from(DeletionRequestRecord).where(*where)
        )
        rows = await self._session.scalars(
            select(DeletionRequestRecord)
            .where(*where)
            .order_by(DeletionRequestRecord.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return [_to_request(r) for r in rows], int(total or 0)

    async def of_account(self, account: Account, statuses: Iterable[RequestStatus]) -> list[DeletionRequest]:
        rows = await self._session.scalars(
            select(DeletionRequestRecord)
            .where(  # the owner first: (user_id, status) is indexed
                DeletionRequestRecord.user_id == account.telegram_id,
                DeletionRequestRecord.status.in_([s.value for s in statuses]),
                DeletionRequestRecord.authorization_id == account.id,
            )
            .order_by(DeletionRequestRecord.id.desc())
        )
        return [_to_request(r) for r in rows]

    async def of_accounts(
        self, accounts: Collection[Account], statuses: Iterable[RequestStatus]
    ) -> dict[AccountId, list[DeletionRequest]]:
        found: dict[AccountId, list[DeletionRequest]] = {account.id: [] for account in accounts}
        if not found:
            return found
        rows = await self._session.scalars(
            select(DeletionRequestRecord)
            .where(
                DeletionRequestRecord.user_id.in_({a.telegram_id for a in accounts}),
                DeletionRequestRecord.status.in_([s.value for s in statuses]),
                DeletionRequestRecord.authorization_id.in_(list(found)),
            )
            .order_by(DeletionRequestRecord.id.desc())
        )
        for row in rows:
            request = _to_request(row)
            if request.account_id is not None:
                found[request.account_id].append(request)
        return found

    async def in_status(self, status: RequestStatus, *, limit: int = 500) -> list[DeletionRequest]:
        rows = await self._session.scalars(
            select(DeletionRequestRecord)
            .where(DeletionRequestRecord.status == status.value)
            .order_by(DeletionRequestRecord.id)
            .limit(limit)
        )
        return [_to_request(r) for r in rows]

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
        transition(expected, to)  # raises before anything is written
        result = await self._session.execute(
            update(DeletionRequestRecord)
            .where(DeletionRequestRecord.id == request_id, DeletionRequestRecord.status == expected.value)
            .values(status=to.value, updated_at=self._clock.now(), **_milestones(to, self._clock.now()))
            .values(**values)
        )
        if not result.rowcount:  # type: ignore[attr-defined]
            return False
        await self._event(request_id, expected, to, reason, evidence)
        return True

    async def note(
        self, request_id: RequestId, *, reason: str, evidence: dict[str, Any] | None = None
    ) -> None:
        """Record something that happened without changing the status (e.g. an out-of-office reply)."""
        current = await self._session.scalar(
            select(DeletionRequestRecord.status).where(DeletionRequestRecord.id == request_id)
        )
        if current is not None:
            status = RequestStatus(current)
            await self._event(request_id, status, status, reason, evidence)

    async def set_law(self, request_id: RequestId, law: str) -> bool:
        result = await self._session.execute(
            update(DeletionRequestRecord)
            .where(
                DeletionRequestRecord.id == request_id,
                DeletionRequestRecord.status == RequestStatus.DRAFT.value,
                DeletionRequestRecord.law != law,
            )
            .values(law=law, updated_at=self._clock.now())
        )
        if not result.rowcount:  # type: ignore[attr-defined]
            return False
        await self._event(
            request_id, RequestStatus.DRAFT, RequestStatus.DRAFT, f"redrafted under {law}", None
        )
        return True

    async def sent_since(self, account_id: AccountId, since: datetime) -> int:
        """How many e-mails went out from an account since `since` (for the daily sending limit)."""
        return int(
            await self._session.scalar(
                select(func.count())
                .select_from(DeletionRequestRecord)
                .where(
                    DeletionRequestRecord.authorization_id == account_id,
                    DeletionRequestRecord.sent_at >= since,
                    DeletionRequestRecord.channel == Channel.EMAIL.value,
                )
            )
            or 0
        )

    async def history(self, request_id: RequestId) -> list[RequestEvent]:
        rows = await self._session.scalars(
            select(DeletionRequestEventRecord)
            .where(DeletionRequestEventRecord.request_id == request_id)
            .order_by(DeletionRequestEventRecord.id)
        )
        return [
            RequestEvent(
                RequestId(r.request_id),
                RequestStatus(r.from_status) if r.from_status else None,
                RequestStatus(r.to_status),
                r.at,
                r.reason,
                r.evidence,
            )
            for r in rows
        ]

    async def _event(
        self,
        request_id: RequestId,
        before: RequestStatus | None,
        after: RequestStatus,
        reason: str,
        evidence: Mapping[str, Any] | None = None,
    ) -> None:
        self._session.add(
            DeletionRequestEventRecord(
                request_id=request_id,
                from_status=before.value if before else None,
                to_status=after.value,
                at=self._clock.now(),
                reason=reason,
                evidence=dict(evidence) if evidence is not None else None,
            )
        )


def _to_request(r: DeletionRequestRecord) -> DeletionRequest:
    return DeletionRequest(
        id=RequestId(r.id),
        telegram_id=TelegramId(r.user_id),
        account_id=AccountId(r.authorization_id) if r.authorization_id is not None else None,
        broker_id=r.broker_id,
        law=r.law,
        channel=Channel(r.channel),
        recipient=r.recipient,
        status=RequestStatus(r.status),
        message_id_header=r.message_id_header,
        gmail_message_id=r.gmail_message_id,
        gmail_thread_id=r.gmail_thread_id,
        sent_at=r.sent_at,
        deadline_at=r.deadline_at,
        attempts=r.attempts,
        last_error=r.last_error,
        created_at=r.created_at,
    )
