"""The payload of each durable job kind, and the one place payloads become rows and rows payloads.

The stored format is that of the first release (kind "notice" with {"type": ...}, "reply_check" with
{"account": ...}, "resume_sends" with {"requests": [...]}), so rows already queued still parse.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any, ClassVar, Final, TypeVar

from brokers.accounts import AccountId
from brokers.broadcasts import BroadcastId
from brokers.classify import ReplyClass
from brokers.errors import MalformedJobPayload
from brokers.jobs import Job
from brokers.letters import SUPPORTED_LANGUAGES, LetterKind
from brokers.lifecycle import RequestStatus
from brokers.notices import DueNotice
from brokers.requests import RequestId


@dataclass(frozen=True, slots=True)
class NoticeDue:
    """A timer for one notice (a deadline, a missing receipt, escalation, the DROP window)."""

    KIND: ClassVar[str] = "notice"
    notice: DueNotice


@dataclass(frozen=True, slots=True)
class ReplyCheck:
    """Read one account's new replies; the job re-arms itself while there is something to watch."""

    KIND: ClassVar[str] = "reply_check"
    account_id: AccountId


@dataclass(frozen=True, slots=True)
class GmailWatch:
    """Keep one account's Gmail push (users.watch) alive while it has open requests; stop it after."""

    KIND: ClassVar[str] = "gmail_watch"
    account_id: AccountId


@dataclass(frozen=True, slots=True)
class ResumeSends:
    """Go on with a Send all that stopped at Gmail's daily limit, for these confirmed requests."""

    KIND: ClassVar[str] = "resume_sends"
    request_ids: tuple[RequestId, ...]


@dataclass(frozen=True, slots=True)
class ConfirmedSend:
    """A letter the person confirmed, to leave when its undo window closes (the job names the request),
    and the chat message that shows its fate (None when there is none to edit)."""

    KIND: ClassVar[str] = "send_confirmed"
    letter: LetterKind
    chat_message_id: int | None = None
    language: str | None = None  # the letter language the person switched to on the preview


@dataclass(frozen=True, slots=True)
class SentCheck:
    """Look in the Sent folder for a letter Gmail may have taken (the job names the request).

    `since` is when the looking began: it goes on, less and less often, for a bounded time (Gmail's
    search index lags behind its Sent folder), then the letter counts as not sent. `resend` sends it
    again then (the person confirmed it and was never told otherwise: a crash); without it the person
    is told and offered Retry. `chat_message_id` is the chat message that shows the letter's fate.
    """

    KIND: ClassVar[str] = "sent_check"
    letter: LetterKind
    message_id: str
    since: datetime
    resend: bool = False
    chat_message_id: int | None = None


@dataclass(frozen=True, slots=True)
class SendAllStep:
    """One step of a confirmed Send all: send `request_ids[index]`, then arm the next step.

    The counts so far travel along, so the last step can sum the run up in the chat message
    `chat_message_id`, whichever process or restart runs it. `letter` is the kind every step sends:
    deletion requests (Send all) or follow-ups ("Follow up with all").
    """

    KIND: ClassVar[str] = "send_all"
    request_ids: tuple[RequestId, ...]
    index: int = 0
    chat_message_id: int | None = None
    sent: int = 0
    skipped: int = 0
    unsure: int = 0
    failed: tuple[RequestId, ...] = ()
    letter: LetterKind = LetterKind.DELETION


@dataclass(frozen=True, slots=True)
class ReplyNotice:
    """Tell the person of a broker's reply to the job's request, armed with the reply's record: the job
    finishing is the mark that they were told. The reply's text is never stored, so neither is its phrase.
    """

    KIND: ClassVar[str] = "reply_notice"
    gmail_id: str
    reply: ReplyClass
    status: RequestStatus  # the request's status once the reply was recorded
    reappeared: bool = False


@dataclass(frozen=True, slots=True)
class ScanRun:
    """Run a slice of this scan from its last checkpoint (the job names its owner); the job re-arms
    itself until the scan has ended, so whichever process claims it goes on where the last one stopped."""

    KIND: ClassVar[str] = "scan"
    scan_id: int


@dataclass(frozen=True, slots=True)
class GrantExpiring:
    """Remind the person a day before a testing-mode grant of this account ends."""

    KIND: ClassVar[str] = "grant_expiring"
    account_id: AccountId


@dataclass(frozen=True, slots=True)
class BroadcastRun:
    """Send an operators' broadcast to the next page of recipients; the job re-arms itself until done."""

    KIND: ClassVar[str] = "broadcast"
    broadcast_id: BroadcastId


@dataclass(frozen=True, slots=True)
class BroadcastHeld:
    """Send a broadcast to one person (the job's user) whose quiet hours held it back."""

    KIND: ClassVar[str] = "broadcast_held"
    broadcast_id: BroadcastId


@dataclass(frozen=True, slots=True)
class BroadcastRetry:
    """Send a broadcast again to one person (the job's user) after a transient failure."""

    KIND: ClassVar[str] = "broadcast_retry"
    broadcast_id: BroadcastId


JobPayload = (
    NoticeDue
    | ReplyCheck
    | GmailWatch
    | ResumeSends
    | ConfirmedSend
    | SentCheck
    | SendAllStep
    | ScanRun
    | ReplyNotice
    | GrantExpiring
    | BroadcastRun
    | BroadcastHeld
    | BroadcastRetry
)
P = TypeVar(
    "P",
    NoticeDue,
    ReplyCheck,
    GmailWatch,
    ResumeSends,
    ConfirmedSend,
    SentCheck,
    SendAllStep,
    ScanRun,
    ReplyNotice,
    GrantExpiring,
    BroadcastRun,
    BroadcastHeld,
    BroadcastRetry,
)
E = TypeVar("E", bound=StrEnum)
_MESSAGE_ID: Final = re.compile(r"<[^<>\s@]{1,200}@[^<>\s@]{1,200}>")
_GMAIL_ID: Final = re.compile(r"[A-Za-z0-9_-]{1,64}")


def encode(payload: JobPayload) -> tuple[str, dict[str, Any]]:
    """The kind and the JSON-ready mapping to store for a payload."""
    match payload:
        case NoticeDue(notice=notice):
            return NoticeDue.KIND, {"type": notice.value}
        case ReplyCheck(account_id=account_id):
            return ReplyCheck.KIND, {"account": int(account_id)}
        case GmailWatch(account_id=account_id):
            return GmailWatch.KIND, {"account": int(account_id)}
        case ResumeSends(request_ids=ids):
            return ResumeSends.KIND, {"requests": [int(i) for i in ids]}
        case ConfirmedSend(letter=letter, chat_message_id=message, language=language):
            chosen = {"language": language} if language else {}
            return ConfirmedSend.KIND, {"kind": letter.value, "message": message, **chosen}
        case SentCheck(letter, message_id, since, resend, message):
            return SentCheck.KIND, {
                "kind": letter.value,
                "message_id": message_id,
                "since": since.isoformat(),
                "resend": resend,
                "message": message,
            }
        case SendAllStep(ids, index, message, sent, skipped, unsure, failed, letter):
            counts = {"sent": sent, "skipped": skipped, "unsure": unsure, "failed": [int(i) for i in failed]}
            # Rows of the first release carry no kind: they are deletion requests.
            kind = {} if letter is LetterKind.DELETION else {"kind": letter.value}
            return SendAllStep.KIND, {
                "requests": [int(i) for i in ids],
                "index": index,
                "message": message,
                **counts,
                **kind,
            }
        case ReplyNotice(gmail_id, reply, status, reappeared):
            return ReplyNotice.KIND, {
                "gmail_id": gmail_id,
                "class": reply.value,
                "status": status.value,
                "reappeared": reappeared,
            }
        case ScanRun(scan_id=scan_id):
            return ScanRun.KIND, {"scan": int(scan_id)}
        case GrantExpiring(account_id=account_id):
            return GrantExpiring.KIND, {"account": int(account_id)}
        case (
            BroadcastRun(broadcast_id=broadcast_id)
            | BroadcastHeld(broadcast_id=broadcast_id)
            | BroadcastRetry(broadcast_id=broadcast_id)
        ):
            return payload.KIND, {"broadcast": int(broadcast_id)}


def decode(kind: str, data: Mapping[str, Any] | None) -> JobPayload:
    """The payload of a stored job; raise MalformedJobPayload for an unknown kind or a bad mapping."""
    parse = _PARSERS.get(kind)
    if parse is None:
        raise MalformedJobPayload(kind, "unknown job kind")
    if data is not None and not isinstance(data, Mapping):
        raise MalformedJobPayload(kind, f"payload is a {type(data).__name__}, not a mapping")
    return parse(kind, data or {})


def payload_of(job: Job, expected: type[P]) -> P:
    """The typed payload of a claimed job that must be of `expected`'s kind."""
    payload = decode(job.kind, job.payload)
    if not isinstance(payload, expected):
        raise MalformedJobPayload(job.kind, f"handed to the handler of {expected.KIND!r}")
    return payload


def _notice_due(kind: str, data: Mapping[str, Any]) -> NoticeDue:
    return NoticeDue(_member(kind, data, "type", DueNotice))


def _reply_check(kind: str, data: Mapping[str, Any]) -> ReplyCheck:
    return ReplyCheck(AccountId(_id(kind, data.get("account"), "account")))


def _grant_expiring(kind: str, data: Mapping[str, Any]) -> GrantExpiring:
    return GrantExpiring(AccountId(_id(kind, data.get("account"), "account")))


def _broadcast_id(kind: str, data: Mapping[str, Any]) -> BroadcastId:
    return BroadcastId(_id(kind, data.get("broadcast"), "broadcast"))


def _resume_sends(kind: str, data: Mapping[str, Any]) -> ResumeSends:
    ids = data.get("requests")
    if not isinstance(ids, list | tuple):
        raise MalformedJobPayload(kind, "'requests' must be a list of request ids")
    return ResumeSends(tuple(RequestId(_id(kind, i, "requests")) for i in ids))


def _confirmed_send(kind: str, data: Mapping[str, Any]) -> ConfirmedSend:
    message, language = data.get("message"), data.get("language")
    if language is not None and language not in SUPPORTED_LANGUAGES:
        raise MalformedJobPayload(kind, f"'language' is {_shown(language)}, not a letter language")
    return ConfirmedSend(
        _member(kind, data, "kind", LetterKind),
        None if message is None else _id(kind, message, "message"),
        language,
    )


def _sent_check(kind: str, data: Mapping[str, Any]) -> SentCheck:
    message_id, since, resend, message = (data.get(k) for k in ("message_id", "since", "resend", "message"))
    if not isinstance(message_id, str) or not _MESSAGE_ID.fullmatch(message_id):
        raise MalformedJobPayload(kind, f"'message_id' is {_shown(message_id)}, not a Message-ID")
    try:
        started = datetime.fromisoformat(since) if isinstance(since, str) else None
    except ValueError:
        started = None
    if started is None or started.tzinfo is None:
        raise MalformedJobPayload(kind, f"'since' is {_shown(since)}, not a time with its zone")
    if not isinstance(resend, bool):
        raise MalformedJobPayload(kind, f"'resend' is {_shown(resend)}, not true or false")
    return SentCheck(
        _member(kind, data, "kind", LetterKind),
        message_id,
        started,
        resend,
        None if message is None else _id(kind, message, "message"),
    )


def _reply_notice(kind: str, data: Mapping[str, Any]) -> ReplyNotice:
    gmail_id, reappeared = data.get("gmail_id"), data.get("reappeared")
    if not isinstance(gmail_id, str) or not _GMAIL_ID.fullmatch(gmail_id):
        raise MalformedJobPayload(kind, f"'gmail_id' is {_shown(gmail_id)}, not a Gmail message id")
    if not isinstance(reappeared, bool):
        raise MalformedJobPayload(kind, f"'reappeared' is {_shown(reappeared)}, not true or false")
    reply = _member(kind, data, "class", ReplyClass)
    return ReplyNotice(gmail_id, reply, _member(kind, data, "status", RequestStatus), reappeared)


def _send_all_step(kind: str, data: Mapping[str, Any]) -> SendAllStep:
    ids, failed = _resume_sends(kind, data).request_ids, data.get("failed")
    if not isinstance(failed, list):
        raise MalformedJobPayload(kind, "'failed' must be a list of request ids")
    numbers = [data.get(k) for k in ("index", "sent", "skipped", "unsure")]
    if any(isinstance(n, bool) or not isinstance(n, int) or n < 0 for n in numbers):
        raise MalformedJobPayload(kind, f"the counts {_shown(numbers)} must be integers of at least 0")
    index, sent, skipped, unsure = (int(n) for n in numbers)  # type: ignore[arg-type]
    if index > len(ids):
        raise MalformedJobPayload(kind, f"'index' {index} is past the {len(ids)} requests")
    message = data.get("message")
    return SendAllStep(
        ids,
        index,
        None if message is None else _id(kind, message, "message"),
        sent,
        skipped,
        unsure,
        tuple(RequestId(_id(kind, i, "failed")) for i in failed),
        _member(kind, data, "kind", LetterKind) if "kind" in data else LetterKind.DELETION,
    )


def _member(kind: str, data: Mapping[str, Any], key: str, enum: type[E]) -> E:
    value = data.get(key)
    if isinstance(value, str) and value in enum.__members__.values():
        return enum(value)
    raise MalformedJobPayload(kind, f"{key!r} is {_shown(value)}, not one of {[m.value for m in enum]}")


def _id(kind: str, value: object, key: str) -> int:
    # bool is an int to Python but never an id; JSON keeps integers as integers, so no strings either.
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise MalformedJobPayload(kind, f"{key!r} holds {_shown(value)}, not a positive integer id")
    return value


def _shown(value: object) -> str:
    # Reasons are stored and sent to the admins: keep them short.
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


_PARSERS: Final[Mapping[str, Callable[[str, Mapping[str, Any]], JobPayload]]] = MappingProxyType(
    {
        NoticeDue.KIND: _notice_due,
        ReplyCheck.KIND: _reply_check,
        GmailWatch.KIND: lambda kind, data: GmailWatch(AccountId(_id(kind, data.get("account"), "account"))),
        ResumeSends.KIND: _resume_sends,
        ConfirmedSend.KIND: _confirmed_send,
        SentCheck.KIND: _sent_check,
        SendAllStep.KIND: _send_all_step,
        ReplyNotice.KIND: _reply_notice,
        ScanRun.KIND: lambda kind, data: ScanRun(_id(kind, data.get("scan"), "scan")),
        GrantExpiring.KIND: _grant_expiring,
        BroadcastRun.KIND: lambda kind, data: BroadcastRun(_broadcast_id(kind, data)),
        BroadcastHeld.KIND: lambda kind, data: BroadcastHeld(_broadcast_id(kind, data)),
        BroadcastRetry.KIND: lambda kind, data: BroadcastRetry(_broadcast_id(kind, data)),
    }
)
