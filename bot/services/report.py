"""The person's report: requests by status, what is overdue, how brokers answered, and the timeline file."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from brokers.catalog import Catalog
from brokers.classify import ReplyClass
from brokers.lifecycle import RequestStatus
from brokers.ports import Clock, UnitOfWorkFactory
from brokers.profile import TelegramId
from brokers.requests import DeletionRequest, RequestEvent, RequestId

S = RequestStatus
# Still waiting on the broker (or on the person's next step): past its deadline, such a request is overdue.
WAITING: Final = frozenset(
    {S.SENT, S.ACKNOWLEDGED, S.NEEDS_VERIFICATION, S.NEEDS_WEB_FORM, S.OVERDUE, S.FOLLOW_UP_SENT}
)
# Reasons of the status changes that mean "the broker answered": the reply checker's, and the
# person's own correction when the answer arrived some other way.
ANSWER_REASONS: Final = ("reply:", "corrected by the person")
NOT_ANSWERS: Final = frozenset({ReplyClass.AUTO_REPLY.value, ReplyClass.BOUNCED.value})
CSV_COLUMNS: Final = (
    "request_id",
    "broker_id",
    "broker",
    "law",
    "channel",
    "recipient",
    "message_id",
    "created_at",
    "sent_at",
    "deadline_at",
    "status",
    "event_at",
    "event_from",
    "event_to",
    "event_reason",
)
_PAGE: Final = 200
_DAY: Final = timedelta(days=1)
# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")

Tracked = tuple[DeletionRequest, list[RequestEvent]]


@dataclass(frozen=True, slots=True)
class OverdueRequest:
    request_id: RequestId
    broker_name: str
    status: RequestStatus
    deadline_at: datetime
    days_late: int


@dataclass(frozen=True, slots=True)
class BrokerAnswer:
    """How one broker answered the person's latest request to it; `days_to_reply` None: no answer yet."""

    request_id: RequestId
    broker_name: str
    sent_at: datetime
    days_to_reply: int | None
    outcome: RequestStatus


@dataclass(frozen=True, slots=True)
class Report:
    """`total` and `by_status` count requests that left draft; drafts still to review and drafts the
    person skipped are not requests to anyone, so they are counted apart."""

    total: int
    by_status: tuple[tuple[RequestStatus, int], ...]
    overdue: tuple[OverdueRequest, ...]
    league: tuple[BrokerAnswer, ...]
    drafts: int = 0
    skipped: int = 0


def is_skipped(request: DeletionRequest) -> bool:
    """The person skipped the draft (or, before the skipped state existed, closed it unsent)."""
    return request.status is S.SKIPPED or (request.status is S.CLOSED and request.sent_at is None)


def is_answer(event: RequestEvent) -> bool:
    """A broker's answer: an automatic reply or a bounce is mail about the request, not an answer to it."""
    if event.from_status is None or not event.reason.startswith(ANSWER_REASONS):
        return False
    return event.evidence is None or event.evidence.get("class") not in NOT_ANSWERS


def days_to_reply(request: DeletionRequest, history: list[RequestEvent]) -> int | None:
    """Whole days from sending to the first answer after it; None if nothing was sent or answered."""
    sent_at = request.sent_at
    if sent_at is None:
        return None
    answer = next((e for e in history if e.at >= sent_at and is_answer(e)), None)
    return None if answer is None else (answer.at - sent_at) // _DAY


class ReportService:
    def __init__(self, uow: UnitOfWorkFactory, catalog: Callable[[], Catalog], clock: Clock) -> None:
        self._uow = uow
        self._catalog = catalog
        self._clock = clock

    def _name(self, broker_id: str) -> str:
        broker = self._catalog().get(broker_id)
        return broker.name if broker else broker_id

    async def summary(self, telegram_id: TelegramId) -> Report:
        everything = await self._load(telegram_id)
        tracked = [(r, h) for r, h in everything if r.status is not S.DRAFT and not is_skipped(r)]
        counts = Counter(request.status for request, _ in tracked)
        return Report(
            total=len(tracked),
            by_status=tuple((status, counts[status]) for status in RequestStatus if counts[status]),
            overdue=self._overdue(tracked),
            league=self._league(tracked),
            drafts=sum(r.status is S.DRAFT for r, _ in everything),
            skipped=sum(is_skipped(r) for r, _ in everything),
        )

    async def timeline_csv(self, telegram_id: TelegramId) -> bytes:
        """One row per status change of every request, oldest request first (UTF-8 with a BOM for Excel)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(CSV_COLUMNS)
        for request, history in await self._load(telegram_id):
            columns = [_cell(v) for v in self._describe(request).values()]
            events: list[RequestEvent | None] = [*history] or [None]
            for event in events:
                writer.writerow(columns + [_cell(v) for v in _event(event).values()])
        return buffer.getvalue().encode("utf-8-sig")

    async def timeline_json(self, telegram_id: TelegramId) -> bytes:
        requests = [
            {**self._describe(request), "events": [_event(e) for e in history]}
            for request, history in await self._load(telegram_id)
        ]
        document = {"generated_at": _iso(self._clock.now()), "requests": requests}
        return json.dumps(document, ensure_ascii=False, indent=2).encode()

    async def _load(self, telegram_id: TelegramId) -> list[Tracked]:
        """Every request of the person with its history, oldest first."""
        tracked: list[Tracked] = []
        async with self._uow() as uow:
            while True:
                page, total = await uow.requests.list_for(telegram_id, offset=len(tracked), limit=_PAGE)
                tracked += [(request, await uow.requests.history(request.id)) for request in page]
                if not page or len(tracked) >= total:
                    break
        return sorted(tracked, key=lambda item: item[0].id)

    def _overdue(self, tracked: list[Tracked]) -> tuple[OverdueRequest, ...]:
        now = self._clock.now()
        late = [
            OverdueRequest(
                r.id, self._name(r.broker_id), r.status, r.deadline_at, (now - r.deadline_at) // _DAY
            )
            for r, _ in tracked
            if r.deadline_at is not None and r.deadline_at < now and r.status in WAITING
        ]
        return tuple(sorted(late, key=lambda item: item.deadline_at))

    def _league(self, tracked: list[Tracked]) -> tuple[BrokerAnswer, ...]:
        latest: dict[str, BrokerAnswer] = {}
        for request, history in tracked:  # oldest first, so a later request to a broker replaces it
            if request.sent_at is not None:
                latest[request.broker_id] = BrokerAnswer(
                    request.id,
                    self._name(request.broker_id),
                    request.sent_at,
                    days_to_reply(request, history),
                    request.status,
                )
        return tuple(sorted(latest.values(), key=_rank))

    def _describe(self, request: DeletionRequest) -> dict[str, Any]:
        return {
            "request_id": request.id,
            "broker_id": request.broker_id,
            "broker": self._name(request.broker_id),
            "law": request.law,
            "channel": request.channel.value,
            "recipient": request.recipient,
            "message_id": request.message_id_header,
            "created_at": _iso(request.created_at),
            "sent_at": _iso(request.sent_at),
            "deadline_at": _iso(request.deadline_at),
            "status": request.status.value,
        }


def _event(event: RequestEvent | None) -> dict[str, Any]:
    """A status change without its evidence: that may quote a classifier's phrase from a reply."""
    if event is None:
        return {"at": None, "from": None, "to": None, "reason": None}
    return {
        "at": _iso(event.at),
        "from": event.from_status.value if event.from_status else None,
        "to": event.to_status.value,
        "reason": event.reason,
    }


def _rank(answer: BrokerAnswer) -> tuple[bool, int, str]:
    """Fastest answer first; brokers that have not answered yet last."""
    return (answer.days_to_reply is None, answer.days_to_reply or 0, answer.broker_name.casefold())


def _iso(when: datetime | None) -> str | None:
    return when.astimezone(UTC).isoformat(timespec="seconds") if when else None


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
