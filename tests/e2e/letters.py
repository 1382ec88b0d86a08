"""Confirming a letter in the chat: the button that names the recipient, the undo window, the outcome."""

from __future__ import annotations

import re

from bot.sandbox.google import FakeGoogle
from bot.sandbox.telegram import SentMessage
from tests.clock import FakeClock
from tests.fakes.chat import Chat

UNDO_SECONDS = 10  # SEND_UNDO_SECONDS's default
SEND_TO = re.compile(r"^(Send to|An) .*@")
SENT = re.compile(r"(Sent to|Gesendet an) ")


async def confirm(chat: Chat, message: SentMessage | None = None) -> SentMessage:
    """Tap "Send to …" on the shown letter; the answer is the "Sending in …, Undo" message."""
    (waiting,) = await chat.tap(SEND_TO, message=message)
    return waiting


async def let_it_go(chat: Chat, clock: FakeClock, google: FakeGoogle, account: str, *, mails: int) -> None:
    """Let the undo window pass and wait until Gmail holds `mails` mails and the chat says so."""
    clock.advance(seconds=UNDO_SECONDS)
    await chat.fake.wait_until(lambda: len(google.sent_mail(account)) == mails, timeout=20, what="the send")
    await chat.fake.wait_until(
        lambda: any(SENT.search(m.text) for m in chat.messages[-3:]), timeout=10, what="the outcome"
    )


async def confirm_and_send(
    chat: Chat, clock: FakeClock, google: FakeGoogle, account: str, *, mails: int
) -> None:
    await confirm(chat)
    await let_it_go(chat, clock, google, account, mails=mails)
