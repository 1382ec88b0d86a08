"""The e-mail a request goes out as: a plain-text MIME message with our own Message-ID.

The Message-ID is derived from the request id (plus a random part stored with the request), so after a
crash between "Gmail accepted it" and "we recorded it" the Sent folder can be searched for it.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr

from brokers.letters import Letter


def new_message_id(request_id: int, sender: str) -> str:
    domain = sender.rsplit("@", 1)[-1] or "localhost"
    return f"<ddr.{request_id}.{secrets.token_hex(6)}@{domain}>"


def build_message(
    *,
    sender: str,
    sender_name: str | None,
    recipient: str,
    letter: Letter,
    message_id: str,
    sent_at: datetime,
    in_reply_to: str | None = None,
    references: str | None = None,
) -> bytes:
    """The RFC 5322 bytes Gmail's messages.send takes (base64url-encoded by the adapter)."""
    message = EmailMessage(policy=SMTP)
    message["From"] = formataddr((sender_name, sender)) if sender_name else sender
    message["To"] = recipient
    message["Subject"] = letter.subject
    message["Date"] = format_datetime(sent_at)
    message["Message-ID"] = message_id
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = references or in_reply_to
    message.set_content(letter.body, charset="utf-8")
    return message.as_bytes()
