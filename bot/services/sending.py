"""Sending letters from the person's own Gmail, each exactly once (the protocol is in letter_claims).

Only the winner of a claim talks to Gmail. Gmail's answer decides what is recorded: a message id means
sent; a definite refusal means not sent (Retry); anything else (timeout, reset, 5xx) proves nothing, so
the letter is "unsure" and a sent check searches the Sent folder for its Message-ID, allowing for the
lag of Gmail's search index, before anything may send it again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.services import letter_claims as claims
from bot.services.letter_claims import Claim
from bot.services.outgoing import OutgoingLetter, Result, prepare
from bot.services.timers import RequestTimers
from brokers.accounts import AccountId
from brokers.catalog import Catalog
from brokers.errors import (
    MailboxAuthError,
    MailboxError,
    MailboxQuotaExceeded,
    MailboxScopeError,
    MailboxUnavailable,
)
from brokers.job_payloads import SentCheck, payload_of
from brokers.jobs import Job, Postpone
from brokers.letters import LetterKind
from brokers.lifecycle import RequestStatus
from brokers.mailbox import Mailbox, SentRef
from brokers.ports import Clock, UnitOfWork, UnitOfWorkFactory
from brokers.profile import TelegramId
from brokers.requests import DeletionRequest, RequestId

log = logging.getLogger(__name__)

MailboxOpener = Callable[[AccountId], AbstractAsyncContextManager[Mailbox]]
Wake = Callable[[float], None]  # wake the job sweep in so many seconds

FIRST_LOOK_SECONDS = 2.0  # Gmail's search index usually shows a sent mail within seconds
LOOK_WHILE_DOWN = timedelta(minutes=1)  # Gmail cannot be asked: the letter stays unsure meanwhile

__all__ = ["MailboxOpener", "OutgoingLetter", "Result", "SendOutcome", "SendingService"]


@dataclass(frozen=True, slots=True)
class SendOutcome:
    result: Result
    request: DeletionRequest | None = None
    retry_at: datetime | None = None


class SendingService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        catalog: Callable[[], Catalog],
        open_mailbox: MailboxOpener,
        timers: RequestTimers,
        *,
        daily_limit: int,
        check_seconds: float = 60.0,
        wake: Wake | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._catalog = catalog
        self._open = open_mailbox
        self._timers = timers
        self._daily_limit = daily_limit
        self._window = timedelta(seconds=check_seconds)
        self._wake = wake or (lambda _seconds: None)

    async def preview(
        self, telegram_id: TelegramId, request_id: RequestId, kind: LetterKind, *, language: str | None = None
    ) -> OutgoingLetter | Result:
        """The exact letter a confirmed send would send now, or why it would not go out."""
        async with self._uow() as uow:
            return await prepare(uow, self._catalog, telegram_id, request_id, kind, language=language)

    async def send(
        self,
        telegram_id: TelegramId,
        request_id: RequestId,
        *,
        language: str | None = None,
        chat_message_id: int | None = None,
    ) -> SendOutcome:
        """Send one request the person confirmed; a repeated or concurrent call sends nothing more."""
        return await self._send(telegram_id, request_id, LetterKind.DELETION, language, chat_message_id)

    async def send_letter(
        self,
        telegram_id: TelegramId,
        request_id: RequestId,
        kind: LetterKind,
        *,
        language: str | None = None,
        chat_message_id: int | None = None,
    ) -> SendOutcome:
        """A follow-up or counter-letter in the request's thread; a double tap sends one."""
        return await self._send(telegram_id, request_id, kind, language, chat_message_id)

    async def _send(
        self,
        telegram_id: TelegramId,
        request_id: RequestId,
        kind: LetterKind,
        language: str | None,
        chat_message_id: int | None,
    ) -> SendOutcome:
        now = self._clock.now()
        async with self._uow() as uow:
            outgoing = await prepare(uow, self._catalog, telegram_id, request_id, kind, language=language)
            if isinstance(outgoing, Result):
                return await _refused(uow, outgoing, request_id)
            request = outgoing.request
            if kind is LetterKind.DELETION:
                sent_today = await uow.requests.sent_since(outgoing.account_id, now - timedelta(days=1))
                if sent_today >= self._daily_limit:
                    return SendOutcome(Result.QUOTA, request, retry_at=now + timedelta(hours=24))
            claimed = await claims.claim(uow, outgoing, now=now, chat_message_id=chat_message_id)
            if claimed is None:
                return SendOutcome(Result.ALREADY, request)
            detail = {"request": request.id, "broker": request.broker_id}
            if kind is not LetterKind.DELETION:
                detail = {"request": request.id, "letter": kind.value}
            await uow.audit.record(action="send", actor=telegram_id, user_id=telegram_id, detail=detail)
            await uow.commit()
        raw = outgoing.mime(message_id=claimed.message_id, sent_at=now)
        return await self._deliver(claimed, outgoing.account_id, raw, chat_message_id)

    async def _deliver(
        self, claimed: Claim, account_id: AccountId, raw: bytes, chat_message_id: int | None
    ) -> SendOutcome:
        thread = claimed.request.gmail_thread_id if claimed.kind is not LetterKind.DELETION else None
        try:
            async with self._open(account_id) as mailbox:
                sent = await _earlier(mailbox, claimed) if claimed.retried else None
                if sent is None:
                    sent = await mailbox.send(raw, thread)
        except MailboxUnavailable as exc:
            log.warning("send unsure", extra={"request": claimed.request.id, "error": exc.detail[:40]})
            return await self._unsure(claimed, chat_message_id)
        except MailboxQuotaExceeded as exc:
            await self._not_sent(claimed, "quota")
            return SendOutcome(Result.QUOTA, claimed.request, retry_at=exc.retry_at)
        except MailboxAuthError:
            await self._not_sent(claimed, "reconnect")
            return SendOutcome(Result.RECONNECT, claimed.request)
        except MailboxError as exc:
            log.warning("send refused", extra={"request": claimed.request.id, "error": type(exc).__name__})
            return SendOutcome(Result.FAILED, await self._not_sent(claimed, type(exc).__name__[:64]))
        return await self._sent(claimed, sent)

    async def _sent(self, claimed: Claim, sent: SentRef) -> SendOutcome:
        async with self._uow() as uow:
            updated = await claims.record_sent(uow, self._timers, claimed, sent, self._clock.now())
            await uow.commit()
            current = updated or await uow.requests.get(claimed.request.id)
        return SendOutcome(Result.SENT if updated is not None else Result.ALREADY, current)

    async def _unsure(self, claimed: Claim, chat_message_id: int | None) -> SendOutcome:
        now = self._clock.now()
        check = SentCheck(claimed.kind, claimed.message_id, now, chat_message_id=chat_message_id)
        async with self._uow() as uow:
            await claims.arm_check(uow, claimed.request, check, now + timedelta(seconds=FIRST_LOOK_SECONDS))
            await uow.requests.note(claimed.request.id, reason="no clear answer from Gmail: checking Sent")
            await uow.commit()
            current = await uow.requests.get(claimed.request.id)
        self._wake(FIRST_LOOK_SECONDS)
        return SendOutcome(Result.UNSURE, current)

    async def _not_sent(self, claimed: Claim, error: str) -> DeletionRequest | None:
        async with self._uow() as uow:
            await claims.record_not_sent(uow, claimed, error)
            await uow.commit()
            return await uow.requests.get(claimed.request.id)

    async def check_sent(self, job: Job) -> SendOutcome | Postpone | None:
        """Run a letter's sent check: its fate when settled, a Postpone to look again, None if moot."""
        check = payload_of(job, SentCheck)
        async with self._uow() as uow:
            request = await uow.requests.get(RequestId(job.request_id or 0))
            pending = request and await claims.is_pending(uow, request.id, check.letter, check.message_id)
            if request is None or not pending:
                return None  # settled meanwhile (recorded, undone by the person, or erased)
        claimed = Claim(request, check.letter, check.message_id, retried=True)
        now = self._clock.now()
        try:
            found = await self._look(request, check.message_id)
        except (MailboxUnavailable, MailboxQuotaExceeded):
            return Postpone(now + LOOK_WHILE_DOWN)
        except MailboxError:
            # No way to search the Sent folder (grant gone or narrowed): say so rather than guess.
            return SendOutcome(Result.UNVERIFIED, await self._not_sent(claimed, "unverified"))
        if found is not None:
            log.info("unsure letter found in Sent", extra={"request": request.id})
            return await self._sent(claimed, found)
        elapsed = now - check.since
        if elapsed < self._window:
            delay = min(max(timedelta(seconds=FIRST_LOOK_SECONDS), elapsed), self._window - elapsed)
            self._wake(delay.total_seconds())
            return Postpone(now + delay)
        not_sent = await self._not_sent(claimed, "not in Sent")
        if check.resend:
            # A crash cut the send short and nobody told the person otherwise: their confirmation stands.
            owner, chat = request.telegram_id, check.chat_message_id
            return await self._send(owner, request.id, check.letter, None, chat)
        return SendOutcome(Result.FAILED, not_sent)

    async def _look(self, request: DeletionRequest, message_id: str) -> SentRef | None:
        if request.account_id is None:
            raise MailboxAuthError("messages.list")  # its mailbox was disconnected
        async with self._open(request.account_id) as mailbox:
            return await mailbox.find_sent(message_id)

    async def reconcile(self) -> int:
        """At start-up: every letter a crash left claimed is checked now; how many."""
        now = self._clock.now()
        async with self._uow() as uow:
            stuck = await uow.requests.in_status(RequestStatus.SENDING)
            replies = await uow.requests.in_status(RequestStatus.FOLLOW_UP_SENT)
            for request in stuck:
                await _check_now(uow, request, LetterKind.DELETION, request.message_id_header, now)
            for request in replies:
                for kind in (LetterKind.FOLLOW_UP, LetterKind.VERIFICATION_REPLY, LetterKind.WEB_FORM_REPLY):
                    pending = await claims.pending_message_id(uow, request.id, kind)
                    if pending is not None:
                        await _check_now(uow, request, kind, pending, now)
            await uow.commit()
        return len(stuck)


async def _check_now(
    uow: UnitOfWork, request: DeletionRequest, kind: LetterKind, message_id: str | None, now: datetime
) -> None:
    if message_id is None:
        await uow.requests.move(
            request.id, expected=RequestStatus.SENDING, to=RequestStatus.FAILED, reason="interrupted",
            last_error="interrupted",
        )  # fmt: skip
        return
    await claims.arm_check(uow, request, SentCheck(kind, message_id, now, resend=True), now)


async def _earlier(mailbox: Mailbox, claimed: Claim) -> SentRef | None:
    """The letter an earlier attempt with this Message-ID left in Sent, if the grant lets us look."""
    try:
        return await mailbox.find_sent(claimed.message_id)
    except MailboxScopeError:
        return None  # a send-only grant: the person retried knowing it could not be checked


async def _refused(uow: UnitOfWork, result: Result, request_id: RequestId) -> SendOutcome:
    """Why nothing was sent; the request is named only when it is the person's own."""
    return SendOutcome(result, None if result is Result.NOT_FOUND else await uow.requests.get(request_id))
