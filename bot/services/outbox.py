"""The undo window: a confirmed letter waits as a durable job, can be taken back, then goes out once.

The job row is the truth: a restart inside the window finds it and the sweep sends it when due (the
claim, own Message-ID and Sent-folder reconciliation of SendingService keep that to one e-mail). The
scheduler only wakes the sweep at the due time, so the letter leaves on time rather than at the next
periodic sweep.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.services.outgoing import OutgoingLetter, Result
from bot.services.sending import SendingService, SendOutcome
from brokers.job_payloads import ConfirmedSend, SentCheck, encode, payload_of
from brokers.jobs import Job, JobError, JobQueue, Postpone
from brokers.letters import LetterKind
from brokers.ports import Clock
from brokers.profile import TelegramId
from brokers.requests import RequestId

log = logging.getLogger(__name__)

Wake = Callable[[float], None]  # wake the sweep in so many seconds


@dataclass(frozen=True, slots=True)
class Pending:
    letter: OutgoingLetter
    due_at: datetime


@dataclass(frozen=True, slots=True)
class Settled:
    """A confirmed letter's fate, for the chat message that announced it."""

    telegram_id: TelegramId
    request_id: RequestId
    sent: ConfirmedSend
    outcome: SendOutcome
    at: datetime


class Undo(StrEnum):
    CANCELLED = "cancelled"  # nothing was sent
    TOO_LATE = "too_late"  # it is being sent or was sent
    NOTHING = "nothing"  # nothing was waiting


def dedupe_key(telegram_id: TelegramId, request_id: RequestId, kind: LetterKind) -> str:
    # The owner is part of the key, so nobody else's tap can name, and so cancel, this send.
    return f"send:{telegram_id}:{request_id}:{kind.value}"


class Outbox:
    def __init__(
        self,
        queue: JobQueue,
        clock: Clock,
        sending: SendingService,
        *,
        undo_seconds: float,
        wake: Wake,
        on_settled: Callable[[Settled], Awaitable[None]],
    ) -> None:
        self._queue = queue
        self._clock = clock
        self._sending = sending
        self.undo_seconds = undo_seconds
        self._wake = wake
        self._on_settled = on_settled

    async def confirm(
        self,
        telegram_id: TelegramId,
        request_id: RequestId,
        kind: LetterKind,
        chat_message_id: int | None,
        language: str | None = None,
    ) -> Pending | Result:
        """Queue the letter the person confirmed (in `language` if they switched it), to leave when the
        undo window closes."""
        letter = await self._sending.preview(telegram_id, request_id, kind, language=language)
        if isinstance(letter, Result):
            return letter
        due = self._clock.now() + timedelta(seconds=self.undo_seconds)
        job_kind, payload = encode(ConfirmedSend(kind, chat_message_id, language))
        await self._queue.schedule(
            job_kind,
            due,
            user_id=telegram_id,
            request_id=request_id,
            payload=payload,
            dedupe_key=dedupe_key(telegram_id, request_id, kind),
        )
        self._wake(self.undo_seconds)
        return Pending(letter, due)

    async def undo(self, telegram_id: TelegramId, request_id: RequestId, kind: LetterKind) -> Undo:
        """Take a confirmed letter back while it waits; once a worker holds it, it is too late."""
        key = dedupe_key(telegram_id, request_id, kind)
        cancelled = await self._queue.cancel(key)
        # Asked before the request's state: a worker that finishes in between has marked it sent by then.
        held = not cancelled and await self._queue.is_held(key)
        state = await self._sending.preview(telegram_id, request_id, kind)
        if held or state is Result.ALREADY:
            # On its way (a worker claimed it, or a send a crash interrupted is finished at start-up),
            # or gone out.
            return Undo.TOO_LATE
        if cancelled:
            return Undo.CANCELLED
        return Undo.NOTHING

    async def send_confirmed_job(self, job: Job) -> None:
        """The window closed: send through the exactly-once protocol, then tell the chat."""
        sent = payload_of(job, ConfirmedSend)
        if job.user_id is None or job.request_id is None:
            raise JobError("a confirmed send without its owner or request", permanent=True)
        owner, request_id = TelegramId(job.user_id), RequestId(job.request_id)
        chat = sent.chat_message_id
        if sent.letter is LetterKind.DELETION:
            outcome = await self._sending.send(
                owner, request_id, language=sent.language, chat_message_id=chat
            )
        else:
            outcome = await self._sending.send_letter(
                owner, request_id, sent.letter, language=sent.language, chat_message_id=chat
            )
        await self._tell(Settled(owner, request_id, sent, outcome, self._clock.now()))

    async def sent_check_job(self, job: Job) -> Postpone | None:
        """Look for an unsure letter in Sent; once its fate is known, tell the chat that waited for it."""
        outcome = await self._sending.check_sent(job)
        if outcome is None or isinstance(outcome, Postpone):
            return outcome
        check = payload_of(job, SentCheck)
        owner, request_id = TelegramId(job.user_id or 0), RequestId(job.request_id or 0)
        shown = ConfirmedSend(check.letter, check.chat_message_id)
        await self._tell(Settled(owner, request_id, shown, outcome, self._clock.now()))
        return None

    async def _tell(self, settled: Settled) -> None:
        try:
            await self._on_settled(settled)
        except Exception:
            # The letter's fate is recorded; a chat that cannot be told must not send it again.
            log.exception("could not show the outcome of request %s", settled.request_id)
