"""Follow up with all overdue: the exact reminders a person confirms as a list, then each sent once.

Nothing here sends on a first tap: `overdue` only reads. The list the person confirmed (checked against
its fingerprint by the caller) is sent as durable Send all steps of follow-ups (SendAllJobs), each
through SendingService's status claim, so a double tap, a second device or a restart sends every
reminder at most once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.services.bulk import fingerprint
from bot.services.outgoing import OutgoingLetter
from bot.services.sending import SendingService
from brokers.catalog import Catalog
from brokers.letters import LetterKind
from brokers.lifecycle import RequestStatus
from brokers.ports import UnitOfWorkFactory
from brokers.profile import TelegramId
from brokers.requests import RequestId

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


class FollowUps:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        catalog: Callable[[], Catalog],
        sending: SendingService,
    ) -> None:
        self._uow = uow
        self._catalog = catalog
        self._sending = sending

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
