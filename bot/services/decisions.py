"""The person's decision per company found in a mailbox: ask it (a draft or more), or not (skipped).

A skip is a request in the `skipped` state, so the decision lives where the drafts live: no scan, "Ask
them too" or /review drafts a skipped company again, and un-skipping brings the same request back.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.services.review import ReviewService
from bot.services.scans import Found, ScanService
from brokers.accounts import AccountId
from brokers.catalog import Kind
from brokers.lifecycle import RequestStatus
from brokers.ports import UnitOfWorkFactory
from brokers.profile import TelegramId
from brokers.requests import DeletionRequest


class Decision(StrEnum):
    UNDECIDED = "undecided"
    ASK = "ask"  # a draft, or a request on its way
    SKIP = "skip"


@dataclass(frozen=True, slots=True)
class Choice:
    found: Found
    decision: Decision


def decision_of(request: DeletionRequest | None) -> Decision:
    if request is None or request.status is RequestStatus.CLOSED:
        return Decision.UNDECIDED
    return Decision.SKIP if request.status is RequestStatus.SKIPPED else Decision.ASK


class DecisionService:
    def __init__(self, uow: UnitOfWorkFactory, review: ReviewService, scans: ScanService) -> None:
        self._uow = uow
        self._review = review
        self._scans = scans

    async def choices(self, telegram_id: TelegramId, account_id: AccountId) -> list[Choice]:
        """Every company found in the mailbox (brokers first, most mail first) with the person's decision."""
        found = await self._scans.found(telegram_id, account_id)
        latest = await self._latest(telegram_id)
        ordered = sorted(found, key=lambda f: (f.broker.kind is not Kind.BROKER, -f.count, f.broker.id))
        return [Choice(f, decision_of(latest.get(f.broker.id))) for f in ordered]

    async def ask(self, telegram_id: TelegramId, account_id: AccountId, broker_id: str) -> bool:
        """Include the company: un-skip it, or draft a request to it; False when it was included already."""
        request = (await self._latest(telegram_id)).get(broker_id)
        decision = decision_of(request)
        if decision is Decision.ASK:
            return False
        if request is not None and decision is Decision.SKIP:
            return await self._review.unskip(telegram_id, request.id) is not None
        cards = await self._review.add(telegram_id, account_id, [broker_id])
        return any(c.broker.id == broker_id for c in cards)

    async def skip(self, telegram_id: TelegramId, account_id: AccountId, broker_id: str) -> bool:
        """Exclude the company: its draft is skipped (one is made to hold the decision if none exists);
        False when it was skipped already or a request is already on its way."""
        request = (await self._latest(telegram_id)).get(broker_id)
        if decision_of(request) is Decision.UNDECIDED:
            cards = await self._review.add(telegram_id, account_id, [broker_id])
            request = next((c.request for c in cards if c.broker.id == broker_id), None)
        if request is None or request.status is not RequestStatus.DRAFT:
            return False
        return await self._review.skip(telegram_id, request.id)

    async def _latest(self, telegram_id: TelegramId) -> dict[str, DeletionRequest]:
        async with self._uow() as uow:
            requests, _ = await uow.requests.list_for(telegram_id, limit=5000, latest_only=True)
        # Newest first: the first request seen for a company is its latest, whichever account sent it.
        latest: dict[str, DeletionRequest] = {}
        for request in requests:
            latest.setdefault(request.broker_id, request)
        return latest
