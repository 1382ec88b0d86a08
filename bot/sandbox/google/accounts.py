"""Google accounts known to the fake: their mailboxes and the mail they sent or received."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from email import policy
from email.parser import BytesParser
from email.utils import formataddr, getaddresses, make_msgid

from bot.sandbox.google.addresses import first_address
from bot.sandbox.google.errors import bad_request, not_found
from bot.sandbox.google.mailbox import Mailbox, Message
from bot.sandbox.google.mime import build_mail, date_header, parse_mail

_REPLY_PREFIX = re.compile(r"^\s*((re|fwd?|aw|sv|tr)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class SentMail:
    """One message an account sent through messages.send, as Gmail stored it."""

    id: str
    thread_id: str
    message_id: str
    sender: str
    to: tuple[str, ...]
    cc: tuple[str, ...]
    bcc: tuple[str, ...]
    subject: str
    body: str
    in_reply_to: str | None
    references: str | None
    date_ms: int
    raw: bytes


@dataclass(slots=True, eq=False)
class Account:
    email: str
    mailbox: Mailbox
    sent: list[SentMail] = field(default_factory=list)
    # users.watch: the Pub/Sub topic the mailbox's changes go to, until this moment (epoch ms).
    watch_topic: str | None = None
    watch_expires_ms: int = 0
    watch_calls: int = 0
    stop_calls: int = 0


def same_subject(a: str, b: str) -> bool:
    return (
        " ".join(_REPLY_PREFIX.sub("", a).split()).lower()
        == " ".join(_REPLY_PREFIX.sub("", b).split()).lower()
    )


def store_sent(account: Account, raw: bytes, thread_id: str | None, now_ms: int) -> Message:
    """File a messages.send body in the sender's mailbox the way Gmail does, and record it."""
    parsed = parse_mail(_as_sent(account, raw, now_ms))
    recipients = {
        a.lower() for _, a in getaddresses(parsed.all("To") + parsed.all("Cc") + parsed.all("Bcc")) if a
    }
    if not recipients:
        raise bad_request("Recipient address required")
    subject = parsed.header("Subject") or ""
    in_reply_to, references = parsed.header("In-Reply-To"), parsed.header("References")
    joined = _thread_to_join(account.mailbox, thread_id, subject, f"{in_reply_to or ''} {references or ''}")
    message = account.mailbox.add(
        sender=parsed.header("From") or account.email,
        recipients=", ".join(parsed.all("To")),
        subject=subject,
        date_ms=now_ms,
        body=parsed.body,
        labels={"SENT", "INBOX"} if account.email in recipients else {"SENT"},
        rfc822_id=parsed.header("Message-ID"),
        thread_id=joined,
        in_reply_to=in_reply_to,
        raw=parsed.raw,
    )
    account.sent.append(_sent_record(message, parsed.headers, in_reply_to, references))
    return message


def _as_sent(account: Account, raw: bytes, now_ms: int) -> bytes:
    """Return the MIME as Gmail stores it: From is the account, Date and Message-ID filled in if missing."""
    mail = BytesParser(policy=policy.compat32).parsebytes(raw)
    sender = first_address(str(mail.get("From", "")))
    if sender.address != account.email:
        # Gmail sends as the authenticated account whatever From says (unless it is a verified alias).
        del mail["From"]
        mail["From"] = formataddr((sender.name, account.email))
    if mail.get("Date") is None:
        mail["Date"] = date_header(now_ms)
    if mail.get("Message-ID") is None:
        mail["Message-ID"] = make_msgid(domain="mail.gmail.com")
    return mail.as_bytes()


def _thread_to_join(mailbox: Mailbox, thread_id: str | None, subject: str, referenced: str) -> str | None:
    """Gmail threads a sent message only with threadId, a matching Subject and RFC 2822 references."""
    if thread_id is None:
        return None
    thread = mailbox.thread(thread_id)
    if not thread:
        raise not_found()
    ids = {m.rfc822_id.strip().lower() for m in thread}
    cited = {token.lower() for token in re.findall(r"<[^>]+>", referenced)}
    if same_subject(thread[0].subject, subject) and ids & cited:
        return thread_id
    return None


def _sent_record(
    message: Message, headers: tuple[tuple[str, str], ...], in_reply_to: str | None, references: str | None
) -> SentMail:
    def addresses(name: str) -> tuple[str, ...]:
        values = [v for k, v in headers if k.lower() == name]
        return tuple(a.lower() for _, a in getaddresses(values) if a)

    assert message.raw is not None
    return SentMail(
        id=message.id,
        thread_id=message.thread_id,
        message_id=message.rfc822_id,
        sender=message.sender,
        to=addresses("to"),
        cc=addresses("cc"),
        bcc=addresses("bcc"),
        subject=message.subject,
        body=message.body,
        in_reply_to=in_reply_to,
        references=references,
        date_ms=message.date_ms,
        raw=message.raw,
    )


def deliver_mail(
    account: Account,
    *,
    sender: str,
    subject: str,
    body: str,
    date_ms: int,
    thread_id: str | None = None,
    in_reply_to: str | None = None,
    headers: dict[str, str] | None = None,
) -> Message:
    """Put an incoming message in the account's inbox, threaded by thread_id or by In-Reply-To."""
    host = first_address(sender).host or "example.com"
    rfc822_id = f"<{secrets.token_hex(12)}@{host}>"
    lines = [("From", sender), ("To", account.email), ("Subject", subject), ("Date", date_header(date_ms))]
    lines.append(("Message-ID", rfc822_id))
    if in_reply_to:
        lines += [("In-Reply-To", in_reply_to), ("References", in_reply_to)]
        if thread_id is None and (parent := account.mailbox.find_rfc822(in_reply_to)) is not None:
            thread_id = parent.thread_id
    lines += list((headers or {}).items())
    return account.mailbox.add(
        sender=sender,
        recipients=account.email,
        subject=subject,
        date_ms=date_ms,
        body=body,
        labels=("INBOX", "UNREAD"),
        rfc822_id=rfc822_id,
        thread_id=thread_id,
        in_reply_to=in_reply_to,
        raw=build_mail(lines, body),
    )
