"""Send all: the confirmed requests go out one by one, paced, and stop cleanly at Gmail's limits."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.services.sending import Result, SendingService, SendOutcome
from brokers.profile import TelegramId
from brokers.requests import RequestId

Progress = Callable[[int, int], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class BulkOutcome:
    sent: int
    skipped: int
    failed: list[RequestId]
    stopped_until: datetime | None
    remaining: list[RequestId]


class BulkSender:
    def __init__(self, sending: SendingService, *, pacing_seconds: float) -> None:
        self._sending = sending
        self._pacing = pacing_seconds

    async def run(
        self, telegram_id: TelegramId, request_ids: Sequence[RequestId], on_progress: Progress
    ) -> BulkOutcome:
        sent, skipped = 0, 0
        failed: list[RequestId] = []
        for index, request_id in enumerate(request_ids):
            outcome: SendOutcome = await self._sending.send(telegram_id, request_id)
            if outcome.result in (Result.QUOTA, Result.RECONNECT, Result.NO_SEND_SCOPE):
                remaining = list(request_ids[index:])
                return BulkOutcome(sent, skipped, failed, outcome.retry_at, remaining)
            if outcome.result is Result.SENT:
                sent += 1
            elif outcome.result is Result.FAILED:
                failed.append(request_id)
            else:
                skipped += 1
            await on_progress(index + 1, len(request_ids))
            if index + 1 < len(request_ids):
                await asyncio.sleep(self._pacing)
        return BulkOutcome(sent, skipped, failed, None, [])
