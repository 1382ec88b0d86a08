"""Reading a person's requests: pages filtered by status, and one request with its history."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from brokers.catalog import Catalog
from brokers.lifecycle import RequestStatus, can_transition
from brokers.ownership import owned_by
from brokers.ports import UnitOfWorkFactory
from brokers.profile import TelegramId
from brokers.requests import DeletionRequest, RequestEvent, RequestId

S = RequestStatus
FILTERS: dict[str, frozenset[RequestStatus] | None] = {
    "all": None,
    "open": frozenset({S.SENDING, S.SENT, S.ACKNOWLEDGED, S.FOLLOW_UP_SENT, S.ESCALATED, S.OVERDUE}),
    "done": frozenset({S.COMPLETED, S.NO_DATA, S.SKIPPED, S.CLOSED}),
    "attention": frozenset(
        {S.DRAFT, S.FAILED, S.NEEDS_VERIFICATION, S.NEEDS_WEB_FORM, S.REFUSED, S.BOUNCED, S.OVERDUE}
    ),
}


class Correction(StrEnum):
    CHANGED = "changed"
    ALREADY = "already"  # it had that status already, or another tap set it first
    NOT_ALLOWED = "not_allowed"  # the lifecycle forbids it from where the request stands (e.g. deleted)
    NOT_FOUND = "not_found"


@dataclass(frozen=True, slots=True)
class Corrected:
    """What came of a correction, the status the request has now (None when not found) and had before."""

    result: Correction
    status: RequestStatus | None = None
    previous: RequestStatus | None = None


@dataclass(frozen=True, slots=True)
class Listed:
    request: DeletionRequest
    broker_name: str


@dataclass(frozen=True, slots=True)
class RequestPage:
    items: list[Listed]
    offset: int
    total: int


@dataclass(frozen=True, slots=True)
class RequestDetail:
    request: DeletionRequest
    broker_name: str
    history: list[RequestEvent]


class TrackingService:
    def __init__(self, uow: UnitOfWorkFactory, catalog: Callable[[], Catalog]) -> None:
        self._uow = uow
        self._catalog = catalog

    def _name(self, broker_id: str) -> str:
        broker = self._catalog().get(broker_id)
        return broker.name if broker else broker_id

    async def page(self, telegram_id: TelegramId, filter_name: str, offset: int, limit: int) -> RequestPage:
        statuses = FILTERS.get(filter_name)
        async with self._uow() as uow:
            requests, total = await uow.requests.list_for(
                telegram_id, statuses=statuses, offset=offset, limit=limit, latest_only=True
            )
        return RequestPage([Listed(r, self._name(r.broker_id)) for r in requests], offset, total)

    async def correct(
        self, telegram_id: TelegramId, request_id: RequestId, target: RequestStatus
    ) -> Corrected:
        """The person corrects what a reply was taken to mean (or says they filed a complaint)."""
        async with self._uow() as uow:
            request = owned_by(await uow.requests.get(request_id), telegram_id)
            if request is None:
                return Corrected(Correction.NOT_FOUND)
            if request.status is target:
                return Corrected(Correction.ALREADY, target)
            if not can_transition(request.status, target):
                return Corrected(Correction.NOT_ALLOWED, request.status)
            if await uow.requests.move(
                request_id, expected=request.status, to=target, reason="corrected by the person"
            ):
                await uow.commit()
                return Corrected(Correction.CHANGED, target, request.status)
            # Another tap or a reply changed it between the read and the write: that one stands.
            now = await uow.requests.get(request_id)
        return Corrected(Correction.ALREADY, now.status if now else None)

    async def detail(self, telegram_id: TelegramId, request_id: RequestId) -> RequestDetail | None:
        async with self._uow() as uow:
            request = owned_by(await uow.requests.get(request_id), telegram_id)
            if request is None:
                return None
            history = await uow.requests.history(request_id)
        return RequestDetail(request, self._name(request.broker_id), history)
