"""Sending deletion requests from the person's own Gmail, exactly once.

A send first claims the request (draft/failed -> sending, a conditional update) and stores the
Message-ID it will use; only the winner of the claim talks to Gmail. If the process dies after Gmail
accepted the mail but before "sent" was recorded, `reconcile` finds the request still "sending",
searches the Sent folder for its Message-ID, and records it; it sends again only if Gmail never got it.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.services.outgoing import OutgoingLetter, Result, prepare
from brokers.accounts import AccountId
from brokers.catalog import Catalog
from brokers.deadlines import deadline_for
from brokers.errors import MailboxAuthError, MailboxError, MailboxQuotaExceeded
from brokers.laws import law_by_code
from brokers.letters import LetterKind
from brokers.lifecycle import RequestStatus
from brokers.mailbox import Mailbox, SentRef
from brokers.outgoing import new_message_id
from brokers.ports import Clock, UnitOfWork, UnitOfWorkFactory
from brokers.profile import TelegramId
from brokers.requests import DeletionRequest, RequestId

log = logging.getLogger(__name__)


MailboxOpener = Callable[[AccountId], AbstractAsyncContextManager[Mailbox]]

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
        *,
        daily_limit: int,
        on_sent: Callable[[DeletionRequest], Awaitable[None]] | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._catalog = catalog
        self._open = open_mailbox
        self._daily_limit = daily_limit
        self._on_sent = on_sent

    async def preview(
        self, telegram_id: TelegramId, request_id: RequestId, kind: LetterKind, *, language: str | None = None
    ) -> OutgoingLetter | Result:
        """The exact letter a confirmed send would send now, or why it would not go out."""
        async with self._uow() as uow:
            return await prepare(uow, self._catalog, telegram_id, request_id, kind, language=language)

    async def send(
        self, telegram_id: TelegramId, request_id: RequestId, *, language: str | None = None
    ) -> SendOutcome:
        """Send one request the person confirmed; a repeated or concurrent call sends nothing more."""
        async with self._uow() as uow:
            outgoing = await prepare(
                uow, self._catalog, telegram_id, request_id, LetterKind.DELETION, language=language
            )
            if isinstance(outgoing, Result):
                return await _refused(uow, outgoing, request_id)
            request = outgoing.request
            now = self._clock.now()
            sent_today = await uow.requests.sent_since(outgoing.account_id, now - timedelta(days=1))
            if sent_today >= self._daily_limit:
                return SendOutcome(Result.QUOTA, request, retry_at=now + timedelta(hours=24))
            recipient = outgoing.recipient
            message_id = new_message_id(request.id, outgoing.sender)
            claimed = await uow.requests.move(
                request.id,
                expected=request.status,
                to=RequestStatus.SENDING,
                reason="confirmed by the person",
                message_id_header=message_id,
                recipient=recipient,
                attempts=request.attempts + 1,
                last_error=None,
            )
            if not claimed:
                return SendOutcome(Result.ALREADY, request)
            await uow.audit.record(
                action="send",
                actor=telegram_id,
                user_id=telegram_id,
                detail={"request": request.id, "broker": request.broker_id},
            )
            await uow.commit()
        raw = outgoing.mime(message_id=message_id, sent_at=now)
        return await self._deliver(request, outgoing.account_id, raw, message_id)

    async def _deliver(
        self, request: DeletionRequest, account_id: AccountId, raw: bytes, message_id: str
    ) -> SendOutcome:
        try:
            async with self._open(account_id) as mailbox:
                sent = await mailbox.send(raw)
        except MailboxQuotaExceeded as exc:
            await self._fail(request.id, "quota")
            return SendOutcome(Result.QUOTA, request, retry_at=exc.retry_at)
        except MailboxAuthError:
            await self._fail(request.id, "reconnect")
            return SendOutcome(Result.RECONNECT, request)
        except MailboxError as exc:
            log.warning("send failed", extra={"request": request.id, "error": type(exc).__name__})
            await self._fail(request.id, type(exc).__name__[:64])
            return SendOutcome(Result.FAILED, request)
        return await self._record_sent(request, sent, message_id)

    async def _record_sent(self, request: DeletionRequest, sent: SentRef, message_id: str) -> SendOutcome:
        now = self._clock.now()
        async with self._uow() as uow:
            await uow.requests.move(
                request.id,
                expected=RequestStatus.SENDING,
                to=RequestStatus.SENT,
                reason="Gmail accepted it",
                gmail_message_id=sent.id,
                gmail_thread_id=sent.thread_id,
                sent_at=now,
                deadline_at=deadline_for(law_by_code(request.law), now),
                message_id_header=message_id,
            )
            await uow.commit()
            updated = await uow.requests.get(request.id)
        if updated is not None and self._on_sent is not None:
            await self._on_sent(updated)
        return SendOutcome(Result.SENT, updated)

    async def send_letter(
        self, telegram_id: TelegramId, request_id: RequestId, kind: LetterKind, *, language: str | None = None
    ) -> SendOutcome:
        """A follow-up or counter-letter in the request's thread; a double tap sends one (status claim)."""
        async with self._uow() as uow:
            outgoing = await prepare(uow, self._catalog, telegram_id, request_id, kind, language=language)
            if isinstance(outgoing, Result):
                return await _refused(uow, outgoing, request_id)
            request = outgoing.request
            message_id = new_message_id(request.id, outgoing.sender)
            claimed = await uow.requests.move(
                request.id,
                expected=request.status,
                to=RequestStatus.FOLLOW_UP_SENT,
                reason=f"{kind.value} letter",
                evidence={"message_id": message_id},
            )
            if not claimed:
                return SendOutcome(Result.ALREADY, request)
            await uow.audit.record(
                action="send",
                actor=telegram_id,
                user_id=telegram_id,
                detail={"request": request.id, "letter": kind.value},
            )
            await uow.commit()
        raw = outgoing.mime(message_id=message_id, sent_at=self._clock.now())
        try:
            async with self._open(outgoing.account_id) as mailbox:
                sent = await mailbox.send(raw, request.gmail_thread_id)
        except MailboxError as exc:
            async with self._uow() as uow:
                await uow.requests.move(
                    request.id,
                    expected=RequestStatus.FOLLOW_UP_SENT,
                    to=request.status,
                    reason=f"{kind.value} letter failed",
                    last_error=type(exc).__name__[:64],
                )
                await uow.commit()
            return SendOutcome(Result.FAILED, request)
        async with self._uow() as uow:
            await uow.requests.note(
                request.id, reason=f"{kind.value} letter sent", evidence={"gmail_id": sent.id}
            )
            await uow.commit()
            updated = await uow.requests.get(request.id)
        return SendOutcome(Result.SENT, updated)

    async def reconcile(self) -> int:
        """After a crash: settle every request left "sending" (found in Sent, or sent now); how many."""
        async with self._uow() as uow:
            stuck = await uow.requests.in_status(RequestStatus.SENDING)
        for request in stuck:
            await self._reconcile_one(request)
        return len(stuck)

    async def _reconcile_one(self, request: DeletionRequest) -> None:
        if request.account_id is None or request.message_id_header is None:
            await self._fail(request.id, "interrupted")
            return
        try:
            async with self._open(request.account_id) as mailbox:
                found = await mailbox.find_sent(request.message_id_header)
        except MailboxError as exc:
            log.warning(
                "reconciliation postponed", extra={"request": request.id, "error": type(exc).__name__}
            )
            return
        if found is not None:
            log.info("request found in Sent after a restart", extra={"request": request.id})
            await self._record_sent(request, found, request.message_id_header)
            return
        await self._fail(request.id, "interrupted")
        await self.send(request.telegram_id, request.id)

    async def _fail(self, request_id: RequestId, reason: str) -> None:
        async with self._uow() as uow:
            await uow.requests.move(
                request_id,
                expected=RequestStatus.SENDING,
                to=RequestStatus.FAILED,
                reason=reason,
                last_error=reason,
            )
            await uow.commit()


async def _refused(uow: UnitOfWork, result: Result, request_id: RequestId) -> SendOutcome:
    """Why nothing was sent; the request is named only when it is the person's own."""
    return SendOutcome(result, None if result is Result.NOT_FOUND else await uow.requests.get(request_id))
