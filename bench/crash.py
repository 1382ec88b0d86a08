"""Benchmark exactly-once sending under crashes and lost answers: count letters filed, twice, or lost.

    python bench/crash.py --trials 200 [--database-url postgresql+asyncpg://...] [--seed 1]

Each trial takes a fresh request (a first letter, a follow-up or a counter-letter) and sends it through
the real SendingService, on a real database, to the fake Gmail over HTTP through the real Gmail
adapter, with one fault injected at a random point: the process killed before the claim, after the
claim, while Gmail holds the request (filed or not), after Gmail filed it, or before the record; or
Gmail's answer lost (a 500 or a timeout after the effect), or a 500 before it. A "kill" abandons the
process's objects mid-call; the "restart" builds new ones on the same database, reconciles, and runs the
due sent checks as the sweep would. Then the person taps whatever the chat offers (Send again, Retry).
The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select

from bot.google.gmail import GmailMailbox
from bot.sandbox.google import FakeGoogle, SendFault
from bot.sandbox.google import app as fake_app
from bot.services import letter_claims
from bot.services.outgoing import Result
from bot.services.sending import SendingService, SendOutcome
from bot.services.timers import RequestTimers
from brokers.accounts import AccountId
from brokers.catalog import load_bundled
from brokers.job_payloads import SentCheck
from brokers.jobs import Postpone
from brokers.letters import LetterKind
from brokers.lifecycle import RequestStatus
from brokers.mailbox import Mailbox
from brokers.profile import TelegramId
from brokers.requests import DeletionRequest
from storage import migrate
from storage.crypto import FernetCipher, generate_key
from storage.engine import create_engine, create_session_factory
from storage.jobs import SqlJobQueue
from storage.records import ScheduledJobRecord as J
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.bot.scan_support import SimClock, credentials_for
from tests.clock import FakeClock
from tests.factories import FULL_SCOPES, a_draft, given_account, given_draft, given_status, given_user

S = RequestStatus
ADDRESS = "ann@gmail.com"
KINDS = (LetterKind.DELETION, LetterKind.FOLLOW_UP, LetterKind.VERIFICATION_REPLY)
KILLS = ("before_claim", "after_claim", "gmail_holds", "after_filed", "before_record")
LOST = {"500_after": SendFault.ERROR_AFTER, "timeout_after": SendFault.TIMEOUT_AFTER}
FAULTS = (*KILLS, *LOST, "500_before")
ANSWER_TIMEOUT = 1.0  # the adapter's HTTP timeout here, so a held answer times out quickly
CATALOG = load_bundled()


class Killed(BaseException):
    """The process died here (a BaseException, so no `except Exception` of the code under test sees it)."""


class Bench:
    def __init__(self, url: str, google: FakeGoogle, gmail_clock: SimClock, rng: random.Random) -> None:
        self.clock = FakeClock()
        sessions = create_session_factory(create_engine(url))
        self.uow = SqlUnitOfWorkFactory(sessions, FernetCipher([generate_key()]), self.clock)
        self.queue = SqlJobQueue(sessions, self.clock)
        self.google, self.gmail_clock, self.rng = google, gmail_clock, rng
        self.fault: str | None = None

    def service(self) -> SendingService:
        """A freshly started process's sending service (nothing in memory survives a restart)."""
        timers = RequestTimers(self.queue, self.clock)
        return SendingService(self.uow, self.clock, lambda: CATALOG, self._open, timers, daily_limit=10**6)

    @asynccontextmanager
    async def _open(self, _account_id: AccountId) -> AsyncIterator[Mailbox]:
        if self.fault == "after_claim":
            raise Killed
        credentials = credentials_for(self.google, ADDRESS, sorted(FULL_SCOPES))
        mailbox = GmailMailbox(credentials, api_url=self.google.gmail_api_url, clock=self.gmail_clock,
                               sleep=self.gmail_clock.sleep, timeout=ANSWER_TIMEOUT)  # fmt: skip
        async with mailbox:
            yield _Faulty(mailbox, self) if self.fault in ("gmail_holds", "after_filed") else mailbox

    async def trial(self, number: int) -> dict[str, Any]:
        kind, fault = self.rng.choice(KINDS), self.rng.choice(FAULTS)
        request = await self._ready(number, kind)
        await self._send_with(fault, request, kind)
        self.fault = None
        sending = self.service()  # the restart
        await sending.reconcile()
        await self._sweep(sending, request, kind)
        await self._tap_what_the_chat_offers(sending, request, kind)
        return await self._count(request, kind, fault)

    async def _ready(self, number: int, kind: LetterKind) -> DeletionRequest:
        owner = TelegramId(100_000 + number)
        await given_user(self.uow, owner)
        account = await given_account(self.uow, owner, address=ADDRESS)
        draft = await given_draft(self.uow, a_draft("acxiom", owner, account))
        if kind is LetterKind.DELETION:
            return draft
        outcome = await self.service().send(owner, draft.id)
        assert outcome.result is Result.SENT and outcome.request is not None, outcome
        after = S.OVERDUE if kind is LetterKind.FOLLOW_UP else S.NEEDS_VERIFICATION
        return await given_status(self.uow, outcome.request, after)

    async def _send_with(self, fault: str, request: DeletionRequest, kind: LetterKind) -> None:
        if fault == "before_claim":
            return  # died before the tap reached the claim: nothing happened
        if fault in LOST:
            self.google.fail_sends(LOST[fault])
        elif fault == "500_before":
            self.google.fail_sends(SendFault.ERROR_BEFORE)
        self.fault = fault
        real_record = letter_claims.record_sent
        if fault == "before_record":

            async def killed(*_args: object, **_kwargs: object) -> None:
                raise Killed

            letter_claims.record_sent = killed  # type: ignore[assignment]
        try:
            await _send(self.service(), request, kind)
        except Killed:
            pass
        finally:
            letter_claims.record_sent = real_record

    async def _sweep(self, sending: SendingService, request: DeletionRequest, kind: LetterKind) -> None:
        """Run the sent checks as the sweep would, letting the bot's time pass a second at a time."""
        for _ in range(200):
            self.clock.advance(seconds=1)
            jobs = await self.queue.claim_due("bench", limit=100, lease_seconds=60)
            for job in jobs:
                if job.kind != SentCheck.KIND:
                    await self.queue.postpone(job.id, "bench", self.clock.now().replace(year=2100))
                    continue
                outcome = await sending.check_sent(job)
                if isinstance(outcome, Postpone):
                    await self.queue.postpone(job.id, "bench", outcome.until)
                else:
                    await self.queue.complete(job.id, "bench")
            if not await self._claimed(request, kind):
                return

    async def _claimed(self, request: DeletionRequest, kind: LetterKind) -> bool:
        """The trial's letter is claimed and its fate not recorded yet (a sent check will settle it)."""
        async with self.uow() as uow:
            if kind is LetterKind.DELETION:
                now = await uow.requests.get(request.id)
                return now is not None and now.status is S.SENDING
            return await letter_claims.pending_message_id(uow, request.id, kind) is not None

    async def _tap_what_the_chat_offers(
        self, sending: SendingService, request: DeletionRequest, kind: LetterKind
    ) -> None:
        """The person taps Send (or Retry) while the letter can go; each answer is what the chat shows."""
        for _ in range(3):
            preview = await sending.preview(request.telegram_id, request.id, kind)
            if isinstance(preview, Result):
                return  # sent, or on its way: the chat offers nothing to send
            outcome: SendOutcome = await _send(sending, request, kind)
            if outcome.result is Result.UNSURE:
                await self._sweep(sending, request, kind)

    async def _count(self, request: DeletionRequest, kind: LetterKind, fault: str) -> dict[str, Any]:
        prefix = f"<ddr.{request.id}."
        mails = [m for m in self.google.sent_mail(ADDRESS) if m.message_id.startswith(prefix)]
        filed = len([m for m in mails if (m.in_reply_to is None) == (kind is LetterKind.DELETION)])
        async with self.uow() as uow:
            now = await uow.requests.get(request.id)
            assert now is not None
            recorded = (
                now.status is S.SENT
                if kind is LetterKind.DELETION
                else any(
                    e.reason == f"{kind.value} letter sent" for e in await uow.requests.history(request.id)
                )
            )
        keys = await self._pending_keys(request)
        wanted = f"deadline_passed:{request.id}" if kind is LetterKind.DELETION else f"escalate:{request.id}"
        return {
            "kind": kind.value,
            "fault": fault,
            "filed": filed,
            "wrong_state": recorded != (filed > 0),
            "reminder_missing": recorded and wanted not in keys,
        }

    async def _pending_keys(self, request: DeletionRequest) -> set[str]:
        async with self.uow() as uow:
            rows = await uow.session.execute(
                select(J.dedupe_key).where(J.request_id == request.id, J.done_at.is_(None))
            )
            return {str(key) for (key,) in rows}


class _Faulty:
    """The mailbox of a process killed during or right after messages.send."""

    def __init__(self, mailbox: GmailMailbox, bench: Bench) -> None:
        self._mailbox, self._bench = mailbox, bench

    def __getattr__(self, name: str) -> Any:
        return getattr(self._mailbox, name)

    async def send(self, raw: bytes, thread_id: str | None = None) -> Any:
        # While Gmail holds the request the process may die before or after Gmail filed the mail.
        if self._bench.fault == "gmail_holds" and self._bench.rng.random() < 0.5:
            raise Killed
        await self._mailbox.send(raw, thread_id)
        raise Killed


async def _send(sending: SendingService, request: DeletionRequest, kind: LetterKind) -> SendOutcome:
    if kind is LetterKind.DELETION:
        return await sending.send(request.telegram_id, request.id)
    return await sending.send_letter(request.telegram_id, request.id, kind)


async def run(trials: int, database_url: str | None, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    fake_app.TIMEOUT_HOLD_SECONDS = ANSWER_TIMEOUT + 1  # an answer held past the adapter's timeout
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as folder:
        url = database_url or f"sqlite+aiosqlite:///{folder}/crash.db"
        await migrate.upgrade(url)
        gmail_clock = SimClock()
        with FakeGoogle(seed=seed, clock=gmail_clock) as google:
            google.add_account(ADDRESS)
            bench = Bench(url, google, gmail_clock, rng)
            results = [await bench.trial(number) for number in range(trials)]
    filed = sum(r["filed"] for r in results)
    return {
        "trials": trials,
        "database": url.split(":", 1)[0],
        "letters_expected": trials,
        "letters_filed": filed,
        "duplicates": sum(max(0, r["filed"] - 1) for r in results),
        "lost": sum(1 for r in results if r["filed"] == 0),
        "wrong_state": sum(1 for r in results if r["wrong_state"]),
        "reminders_missing": sum(1 for r in results if r["reminder_missing"]),
        "seconds": round(time.monotonic() - started, 1),
        "faults": dict(Counter(f"{r['kind']}/{r['fault']}" for r in results).most_common()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=50)
    parser.add_argument(
        "--database-url", default=None, help="an empty database (default: SQLite in a temp dir)"
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)  # the bot's warnings about unsure letters are expected here
    if args.trials < 1:
        parser.error("--trials must be at least 1")
    print(json.dumps(asyncio.run(run(args.trials, args.database_url, args.seed))))


if __name__ == "__main__":
    main()
