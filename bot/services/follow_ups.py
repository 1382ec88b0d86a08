"""Follow up with all overdue: the exact reminders a person confirms as a list, then each sent once.

Nothing here sends on a first tap: `overdue` only reads. `send` takes the ids of the list the person
confirmed (checked against its fingerprint by the caller) and sends each through SendingService's
status claim, so a double tap or a second device sends every reminder at most once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from bot.services.bulk import fingerprint
from bot.services.outgoing import OutgoingLetter, Result
from bot.services.sending import SendingService
from brokers.catalog import Catalog
from brokers.letters import LetterKind
from brokers.lifecycle import RequestStatus
from brokers.ports import UnitOfWorkFactory
from brokers.profile import TelegramId
from brokers.requests import RequestId

Progress = Callable[[int, int], Awaitable[None]]
MAX_LISTED = 25  # one chat message; more overdue requests are followed up after these, or one by one


@dataclass(frozen=True, slots=True)
class FollowUpLetter:
    broker_name: str
    letter: OutgoingLetter


@dataclass(frozen=True, slots=True)
class FollowUpList:
    letters: tuple[FollowUpLetter, ...]
    more: bool = False  # further overdue requests, offered after these

    @property
    def request_ids(self) -> list[RequestId]:
        return [f.letter.request.id for f in self.letters]

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.request_ids)


@dataclass(frozen=True, slots=True)
class FollowUpOutcome:
    sent: int
    failed: int
    skipped: int  # sent already, or no longer overdue
    unsure: int = 0  # Gmail's answer was lost: being looked for in Sent, the chat is told the outcome


class FollowUps:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        catalog: Callable[[], Catalog],
        sending: SendingService,
        *,
        pacing_seconds: float,
    ) -> None:
        self._uow = uow
        self._catalog = catalog
        self._sending = sending
        self._pacing = pacing_seconds

    async def overdue(self, telegram_id: TelegramId) -> FollowUpList:
        """The reminder each overdue request would get now, by broker name."""
        async with self._uow() as uow:
            requests, total = await uow.requests.list_for(
                telegram_id, statuses=[RequestStatus.OVERDUE], limit=MAX_LISTED
            )
        letters: list[FollowUpLetter] = []
        for request in requests:
            letter = await self._sending.preview(telegram_id, request.id, LetterKind.FOLLOW_UP)
            if isinstance(letter, OutgoingLetter):
                broker = self._catalog().get(request.broker_id)
                letters.append(FollowUpLetter(broker.name if broker else request.broker_id, letter))
        letters.sort(key=lambda f: (f.broker_name.casefold(), f.letter.request.id))
        return FollowUpList(tuple(letters), more=total > len(requests))

    async def send(
        self, telegram_id: TelegramId, request_ids: Sequence[RequestId], on_progress: Progress
    ) -> FollowUpOutcome:
        sent = failed = skipped = unsure = 0
        for index, request_id in enumerate(request_ids):
            outcome = await self._sending.send_letter(telegram_id, request_id, LetterKind.FOLLOW_UP)
            if outcome.result is Result.SENT:
                sent += 1
            elif outcome.result is Result.ALREADY or outcome.result is Result.NOT_FOUND:
                skipped += 1
            elif outcome.result is Result.UNSURE:
                unsure += 1
            else:
                failed += 1
            await on_progress(index + 1, len(request_ids))
            if index + 1 < len(request_ids):
                await asyncio.sleep(self._pacing)  # Gmail and the recipients see a person, not a burst
        return FollowUpOutcome(sent, failed, skipped, unsure)
