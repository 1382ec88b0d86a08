"""The person's Gmail for the service tests: the fake Google over HTTP, opened through the real adapter."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, contextmanager
from dataclasses import dataclass

from bot.google.gmail import GmailMailbox
from bot.sandbox.google import FakeGoogle
from bot.sandbox.google import Mailbox as FakeMailbox
from brokers.accounts import AccountId
from brokers.mailbox import Mailbox
from tests.bot.scan_support import SimClock, credentials_for

ADDRESS = "ann@gmail.com"
MailboxOpener = Callable[[AccountId], AbstractAsyncContextManager[Mailbox]]


@dataclass(frozen=True, slots=True)
class FakeGmail:
    """The fake and the simulated time both it and the adapter run on (waiting out limits is instant)."""

    google: FakeGoogle
    clock: SimClock

    def opener(self, scopes: Iterable[str]) -> MailboxOpener:
        """Every account id opens the person's fake mailbox with a token for `scopes`."""
        granted = list(scopes)

        @asynccontextmanager
        async def open_mailbox(_account_id: AccountId) -> AsyncIterator[Mailbox]:
            credentials = credentials_for(self.google, ADDRESS, granted)
            mailbox = GmailMailbox(credentials, api_url=self.google.gmail_api_url, clock=self.clock,
                                   sleep=self.clock.sleep, rng=random.Random(1))  # fmt: skip
            async with mailbox:
                yield mailbox

        return open_mailbox


@contextmanager
def fake_gmail(mailbox: FakeMailbox | None = None) -> Iterator[FakeGmail]:
    clock = SimClock()
    with FakeGoogle(seed=1, clock=clock) as server:
        server.add_account(ADDRESS, mailbox=mailbox)
        yield FakeGmail(server, clock)
