"""Reading a person's requests: pages filtered by status, and one request with its history."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from brokers.catalog import Catalog
from brokers.lifecycle import RequestStatus
from brokers.ports import UnitOfWorkFactory
from brokers.profile import TelegramId
from brokers.requests import DeletionRequest, RequestEvent, RequestId

S = RequestStatus
FILTERS: dict[str, frozenset[RequestStatus] | None] = {
    "all": None,
    "open": frozenset({S.SENDING, S.SENT, S.ACKNOWLEDGED, S.FOLLOW_UP_SENT, S.ESCALATED, S.OVERDUE}),
    "done": frozenset({S.COMPLETED, S.NO_DATA, S.CLOSED}),
    "attention": frozenset(
        {S.DRAFT, S.FAILED, S.NEEDS_VERIFICATION, S.NEEDS_WEB_FORM, S.REFUSED, S.BOUNCED, S.OVERDUE}
    ),
}


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
                telegram_id, statuses=statuses, offset=offset, limit=limit
            )
        return RequestPage([Listed(r, self._name(r.broker_id)) for r in requests], offset, total)

    async def correct(self, telegram_id: TelegramId, request_id: RequestId, target: RequestStatus) -> bool:
        """The person corrects what a reply was taken to mean (or says they filed a complaint)."""
        async with self._uow() as uow:
            request = await uow.requests.get(request_id)
            if request is None or request.telegram_id != telegram_id:
                return False
            moved = await uow.requests.move(
                request_id, to=target, allowed_from=[request.status], reason="corrected by the person"
            )
            await uow.commit()
        return moved

    async def detail(self, telegram_id: TelegramId, request_id: RequestId) -> RequestDetail | None:
        async with self._uow() as uow:
            request = await uow.requests.get(request_id)
            if request is None or request.telegram_id != telegram_id:
                return None
            history = await uow.requests.history(request_id)
        return RequestDetail(request, self._name(request.broker_id), history)
