"""What a local broker can answer to a sent request: the kinds of reply people meet, in a broker's words."""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import parseaddr

from bot.sandbox.google import FakeGoogle
from bot.sandbox.google.accounts import SentMail

BOUNCER = "Mail Delivery Subsystem <mailer-daemon@googlemail.com>"


@dataclass(frozen=True, slots=True)
class ReplyKind:
    key: str
    label: str
    body: str
    bounce: bool = False


REPLY_KINDS: tuple[ReplyKind, ...] = (
    ReplyKind(
        "acknowledged",
        "Acknowledged",
        "Thank you for contacting us. We have received your request and will respond within 30 days.",
    ),
    ReplyKind(
        "identity",
        "Identity demand",
        "Before we can process your request, we need to verify your identity. Please reply with a copy "
        "of a government-issued ID.",
    ),
    ReplyKind(
        "web_form",
        "Web form",
        "We cannot accept deletion requests by email. Please use our online privacy request form at "
        "https://privacy.example.com/request to submit your request.",
    ),
    ReplyKind(
        "completed",
        "Completed",
        "We have deleted your personal data from our systems. You will not hear from us again.",
    ),
    ReplyKind(
        "refused",
        "Refused",
        "We are unable to comply with your deletion request because we are legally required to retain "
        "these records.",
    ),
    ReplyKind(
        "bounce",
        "Bounce",
        "Your message wasn't delivered to {address} because the address couldn't be found.\n\n"
        "550 5.1.1 The email account that you tried to reach does not exist.",
        bounce=True,
    ),
    ReplyKind(
        "auto_reply",
        "Auto-reply",
        "I am out of the office until Monday with limited access to e-mail.",
    ),
)
KINDS_BY_KEY = {kind.key: kind for kind in REPLY_KINDS}


def sent_requests(google: FakeGoogle, accounts: list[str]) -> list[tuple[str, SentMail]]:
    """Every mail the sandbox's accounts sent, newest first, with the account that sent it."""
    sent = [(account, mail) for account in accounts for mail in google.sent_mail(account)]
    return sorted(sent, key=lambda pair: pair[1].date_ms, reverse=True)


def answer(google: FakeGoogle, account: str, mail: SentMail, kind: ReplyKind) -> str:
    """Put the broker's reply into the account's inbox, in the request's thread; return its Gmail id."""
    address = parseaddr(mail.to[0])[1] if mail.to else "privacy@example.com"
    if kind.bounce:
        sender, subject = BOUNCER, "Delivery Status Notification (Failure)"
    else:
        sender, subject = f"Privacy Team <{address}>", f"Re: {mail.subject}"
    return google.deliver(
        account,
        sender,
        subject,
        kind.body.format(address=address),
        thread_id=mail.thread_id,
        in_reply_to=mail.message_id,
    )
