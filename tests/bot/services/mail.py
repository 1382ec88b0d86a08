"""The person's Gmail for the service tests: the fake Google over HTTP, opened through the real adapter."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from bot.google.gmail import GmailMailbox
from brokers.accounts import AccountId
from brokers.mailbox import Mailbox
from tests.bot.scan_support import SimClock, credentials_for
from tests.fakes.google import FakeGoogle

ADDRESS = "ann@gmail.com"


def mailbox_opener(
    google: FakeGoogle, scopes: Iterable[str]
) -> Callable[[AccountId], AbstractAsyncContextManager[Mailbox]]:
    """Every account id opens the one fake mailbox, with a token for `scopes`, on simulated time."""
    clock = SimClock()
    granted = list(scopes)

    @asynccontextmanager
    async def open_mailbox(_account_id: AccountId) -> AsyncIterator[Mailbox]:
        credentials = credentials_for(google, ADDRESS, granted)
        mailbox = GmailMailbox(credentials, api_url=google.gmail_api_url, clock=clock, sleep=clock.sleep,
                               rng=random.Random(1))  # fmt: skip
        async with mailbox:
            yield mailbox

    return open_mailbox
