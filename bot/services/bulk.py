"""Send all: the confirmed requests go out one by one, paced, and stop cleanly at Gmail's limits."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.services.outgoing import Result
from bot.services.review import Card
from bot.services.sending import SendingService, SendOutcome
from brokers.accounts import AccountId
from brokers.catalog import Kind
from brokers.profile import TelegramId
from brokers.requests import Channel, RequestId

Progress = Callable[[int, int], Awaitable[None]]

MAX_ADDABLE = 32  # companies one can add one by one: the choice travels as a 32-bit mask in the button


@dataclass(frozen=True, slots=True)
class Recipient:
    request_id: RequestId
    name: str
    address: str


@dataclass(frozen=True, slots=True)
class SendAllList:
    """Exactly what a Send all would send: brokers, plus the companies the person added one by one.

    `added` is a bit mask over `companies` (all company drafts, in request order); the fingerprint is
    a short hash of the exact set of requests, so a confirmation can tell that the set changed.
    """

    included: tuple[Recipient, ...]
    companies: tuple[Recipient, ...]
    added: int

    @property
    def fingerprint(self) -> str:
        return fingerprint(r.request_id for r in self.included)

    @property
    def request_ids(self) -> list[RequestId]:
        return [r.request_id for r in self.included]

    def is_added(self, index: int) -> bool:
        return bool(self.added >> index & 1)


def fingerprint(request_ids: Iterable[RequestId]) -> str:
    joined = ",".join(str(i) for i in sorted(request_ids))
    return hashlib.sha256(joined.encode()).hexdigest()[:8]


def send_all_list(cards: Sequence[Card], account_id: AccountId, added: int = 0) -> SendAllList:
    """The e-mail drafts of one account a Send all covers; companies only where added one by one."""
    by_email = [c for c in cards if c.request.channel is Channel.EMAIL and c.request.account_id == account_id]
    brokers = [c for c in by_email if c.broker.kind is not Kind.COMPANY]
    # Deleting at a company usually closes the person's account there: never part of a bulk by default.
    companies = sorted((c for c in by_email if c.broker.kind is Kind.COMPANY), key=lambda c: c.request.id)
    companies = companies[:MAX_ADDABLE]
    added &= (1 << len(companies)) - 1
    chosen = [c for index, c in enumerate(companies) if added >> index & 1]
    return SendAllList(
        included=tuple(_recipient(c) for c in brokers + chosen),
        companies=tuple(_recipient(c) for c in companies),
        added=added,
    )


def _recipient(card: Card) -> Recipient:
    return Recipient(card.request.id, card.broker.name, card.request.recipient or "")


@dataclass(frozen=True, slots=True)
class BulkOutcome:
    sent: int
    skipped: int
    failed: list[RequestId]
    stopped_until: datetime | None
    remaining: list[RequestId]
    unsure: int = 0  # Gmail's answer was lost: being looked for in Sent, the chat is told the outcome


class BulkSender:
    def __init__(self, sending: SendingService, *, pacing_seconds: float) -> None:
        self._sending = sending
        self._pacing = pacing_seconds

    async def run(
        self, telegram_id: TelegramId, request_ids: Sequence[RequestId], on_progress: Progress
    ) -> BulkOutcome:
        sent, skipped, unsure = 0, 0, 0
        failed: list[RequestId] = []
        for index, request_id in enumerate(request_ids):
            outcome: SendOutcome = await self._sending.send(telegram_id, request_id)
            if outcome.result in (Result.QUOTA, Result.RECONNECT, Result.NO_SEND_SCOPE):
                remaining = list(request_ids[index:])
                return BulkOutcome(sent, skipped, failed, outcome.retry_at, remaining, unsure)
            if outcome.result is Result.SENT:
                sent += 1
            elif outcome.result is Result.FAILED:
                failed.append(request_id)
            elif outcome.result is Result.UNSURE:
                unsure += 1
            else:
                skipped += 1
            await on_progress(index + 1, len(request_ids))
            if index + 1 < len(request_ids):
                await asyncio.sleep(self._pacing)
        return BulkOutcome(sent, skipped, failed, None, [], unsure)
