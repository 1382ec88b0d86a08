"""The database side of sending a letter exactly once: claim it, then record only what Gmail's answer proved.

    claim ──> Gmail ──> sent       the answer names the message: recorded, its reminders armed with it
                   ├──> refused    a definite refusal (4xx): back where it was, with Retry
                   └──> unsure     no answer that proves either (timeout, reset, 5xx, a crash): a sent
                                   check looks for its Message-ID in the Sent folder before anything
                                   may send it again; a retry reuses that Message-ID

Every letter kind goes through here: the first request moves draft/failed -> sending -> sent/failed,
a reply in its thread (follow-up, counter-letter) moves to follow_up_sent and notes when it went (or
moves back). A claim also arms a sent check far ahead, which only a crash leaves in place: whichever
process runs next settles the letter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.services.outgoing import OutgoingLetter
from bot.services.timers import RequestTimers
from brokers.deadlines import deadline_for
from brokers.job_payloads import SentCheck, encode
from brokers.laws import law_by_code
from brokers.letters import LetterKind
from brokers.lifecycle import RequestStatus
from brokers.mailbox import SentRef
from brokers.outgoing import new_message_id
from brokers.ports import UnitOfWork
from brokers.requests import DeletionRequest, RequestId

S = RequestStatus
# A crashed send is looked for this long after its claim: far longer than a send with all its retries.
CRASH_GRACE = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class Claim:
    """A letter claimed for sending: the request as it was before, and the Message-ID it goes out with."""

    request: DeletionRequest
    kind: LetterKind
    message_id: str
    retried: bool  # this Message-ID was claimed before: look in Sent before sending it again


def check_key(request_id: RequestId, kind: LetterKind) -> str:
    return f"sent-check:{request_id}:{kind.value}"


def claimed_status(kind: LetterKind) -> RequestStatus:
    return S.SENDING if kind is LetterKind.DELETION else S.FOLLOW_UP_SENT


async def claim(
    uow: UnitOfWork, outgoing: OutgoingLetter, *, now: datetime, chat_message_id: int | None
) -> Claim | None:
    """Claim the letter (None when another tap or process did first) and arm its crash check."""
    request, kind = outgoing.request, outgoing.kind
    message_id, retried = await _message_id(uow, outgoing)
    if kind is LetterKind.DELETION:
        moved = await uow.requests.move(
            request.id,
            expected=request.status,
            to=S.SENDING,
            reason="confirmed by the person",
            message_id_header=message_id,
            recipient=outgoing.recipient,
            attempts=request.attempts + 1,
            last_error=None,
        )
    else:
        evidence = {"message_id": message_id, "letter": kind.value, "back_to": request.status.value}
        moved = await uow.requests.move(
            request.id, expected=request.status, to=S.FOLLOW_UP_SENT, reason=f"{kind.value} letter",
            evidence=evidence,
        )  # fmt: skip
    if not moved:
        return None
    check = SentCheck(kind, message_id, now + CRASH_GRACE, resend=True, chat_message_id=chat_message_id)
    await arm_check(uow, request, check, check.since)
    return Claim(request, kind, message_id, retried)


async def arm_check(uow: UnitOfWork, request: DeletionRequest, check: SentCheck, due: datetime) -> None:
    """(Re-)arm the letter's one sent check to run at `due`."""
    key = check_key(request.id, check.letter)
    await uow.jobs.cancel(key)
    job_kind, payload = encode(check)
    await uow.jobs.schedule(
        job_kind, due, user_id=request.telegram_id, request_id=request.id, payload=payload,
        dedupe_key=key,
    )  # fmt: skip


async def record_sent(
    uow: UnitOfWork, timers: RequestTimers, claimed: Claim, sent: SentRef, now: datetime
) -> DeletionRequest | None:
    """Record the letter as sent and arm what its new state promises, in the caller's transaction."""
    request, kind, armed = claimed.request, claimed.kind, timers.within(uow.jobs)
    if kind is LetterKind.DELETION:
        moved = await uow.requests.move(
            request.id,
            expected=S.SENDING,
            to=S.SENT,
            reason="Gmail accepted it",
            gmail_message_id=sent.id,
            gmail_thread_id=sent.thread_id,
            sent_at=now,
            deadline_at=deadline_for(law_by_code(request.law), now),
            message_id_header=claimed.message_id,
            last_error=None,
        )
    else:
        moved = await is_pending(uow, request.id, kind, claimed.message_id)
        if moved:
            evidence = {"gmail_id": sent.id, "message_id": claimed.message_id}
            await uow.requests.note(request.id, reason=f"{kind.value} letter sent", evidence=evidence)
    await uow.jobs.cancel(check_key(request.id, kind))
    updated = await uow.requests.get(request.id)
    if not moved or updated is None:
        return None
    if kind is LetterKind.DELETION:
        await armed.on_sent(updated)
    else:
        await armed.on_reply_sent(updated)
    return updated


async def record_not_sent(uow: UnitOfWork, claimed: Claim, error: str) -> bool:
    """The letter did not go (refused, or not in Sent in time): back to where a Retry can send it."""
    request, kind = claimed.request, claimed.kind
    await uow.jobs.cancel(check_key(request.id, kind))
    if kind is LetterKind.DELETION:
        return await uow.requests.move(
            request.id, expected=S.SENDING, to=S.FAILED, reason=error, last_error=error
        )
    if not await is_pending(uow, request.id, kind, claimed.message_id):
        return False
    back = await _back_to(uow, request.id, claimed.message_id)
    if back is None:
        return False
    return await uow.requests.move(
        request.id, expected=S.FOLLOW_UP_SENT, to=back, reason=f"{kind.value} letter not sent: {error}",
        last_error=error,
    )  # fmt: skip


async def is_pending(uow: UnitOfWork, request_id: RequestId, kind: LetterKind, message_id: str) -> bool:
    """The letter with this Message-ID is claimed and its fate not recorded yet."""
    request = await uow.requests.get(request_id)
    if request is None or request.status is not claimed_status(kind):
        return False
    if kind is LetterKind.DELETION:
        return request.message_id_header == message_id
    last = _last_claim(await _events(uow, request_id), kind)
    return last is not None and last[0] == message_id and not last[1]


async def pending_message_id(uow: UnitOfWork, request_id: RequestId, kind: LetterKind) -> str | None:
    """The Message-ID of a `kind` reply claimed and not recorded as sent, if any."""
    last = _last_claim(await _events(uow, request_id), kind)
    return last[0] if last is not None and not last[1] else None


async def _message_id(uow: UnitOfWork, outgoing: OutgoingLetter) -> tuple[str, bool]:
    """The letter's Message-ID: the one an earlier attempt claimed if it may not have gone, else new."""
    request, kind = outgoing.request, outgoing.kind
    if kind is LetterKind.DELETION:
        if request.status is S.FAILED and request.message_id_header:
            return request.message_id_header, True
    else:
        last = _last_claim(await _events(uow, request.id), kind)
        if last is not None and not last[1]:
            return last[0], True
    return new_message_id(request.id, outgoing.sender), False


async def _events(uow: UnitOfWork, request_id: RequestId) -> list[dict[str, Any]]:
    return [dict(e.evidence, _reason=e.reason) for e in await uow.requests.history(request_id) if e.evidence]


def _last_claim(events: list[dict[str, Any]], kind: LetterKind) -> tuple[str, bool] | None:
    """The Message-ID of the last claim of a `kind` letter and whether it was recorded as sent."""
    claims = [e["message_id"] for e in events if e.get("letter") == kind.value and "message_id" in e]
    if not claims:
        return None
    sent = {e.get("message_id") for e in events if e["_reason"] == f"{kind.value} letter sent"}
    return claims[-1], claims[-1] in sent


async def _back_to(uow: UnitOfWork, request_id: RequestId, message_id: str) -> RequestStatus | None:
    for event in reversed(await _events(uow, request_id)):
        if event.get("message_id") == message_id and event.get("back_to") in S.__members__.values():
            return S(event["back_to"])
    return None
