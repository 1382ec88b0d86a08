"""run_scan against the fake Google over HTTP: what it finds, what it costs, how it survives trouble."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.google.gmail import GmailMailbox
from bot.sandbox.google import FakeGoogle
from bot.sandbox.google.mime import build_mail
from bot.sandbox.google.scopes import METADATA, READONLY, SEND
from bot.scanning import ScanMode, ScanResult, ScanStatus, run_scan
from bot.scanning.plan import from_query, plan_chunks
from bot.scanning.results import Tally
from bot.scanning.state import ScanState
from brokers.catalog import BrokerId, load_bundled
from brokers.errors import MailboxAuthError
from brokers.mailbox import DEFAULT_HEADERS, Mailbox, MessageHeaders, Profile, SentRef
from tests.bot.scan_support import BrokerMailbox, SimClock, broker_mailbox, credentials_for, truth_of

USER = "person@gmail.com"
READ = (READONLY, SEND)
PRIVACY = (METADATA, SEND)
CATALOG = load_bundled()
MODES = pytest.mark.parametrize("scopes", [READ, PRIVACY], ids=["search", "sweep"])
Summary = dict[str, tuple[int, datetime | None, datetime | None]]


@pytest.fixture
def clock() -> SimClock:
    return SimClock()


@pytest.fixture
def seeded() -> BrokerMailbox:
    return broker_mailbox(CATALOG, seed=5, messages=1200, brokers=8, owner=USER, sender_domains=200, decoys=4)


@pytest.fixture
def fake(clock: SimClock, seeded: BrokerMailbox) -> Iterator[FakeGoogle]:
    with FakeGoogle(clock=clock, seed=3) as server:
        server.add_account(USER, mailbox=seeded.mailbox)
        yield server
        assert server.server_errors == []


def open_mailbox(
    fake: FakeGoogle, clock: SimClock, scopes: Sequence[str], model: str = "2025"
) -> GmailMailbox:
    return GmailMailbox(credentials_for(fake, USER, scopes), api_url=fake.gmail_api_url, quota_model=model,
                        clock=clock, sleep=clock.sleep, rng=random.Random(1))  # fmt: skip


async def scan(fake: FakeGoogle, clock: SimClock, scopes: Sequence[str] = READ, model: str = "2025",
               **options: Any) -> ScanResult:  # fmt: skip
    async with open_mailbox(fake, clock, scopes, model) as mailbox:
        return await run_scan(mailbox, CATALOG, **options)


def summary(result: ScanResult) -> Summary:
    return {str(k): (f.message_count, f.first_seen, f.last_seen) for k, f in result.findings.items()}


def truth(seeded: BrokerMailbox) -> Summary:
    return {k: (n, seeded.first[k], seeded.last[k]) for k, n in seeded.counts.items()}


class RecordingMailbox:
    """A Mailbox that notes the search queries it is asked, around the real one."""

    def __init__(self, inner: Mailbox) -> None:
        self.inner = inner
        self.queries: list[str | None] = []

    async def profile(self) -> Profile:
        return await self.inner.profile()

    async def list_message_ids(self, query: str | None, **options: Any) -> tuple[list[str], str | None]:
        self.queries.append(query)
        return await self.inner.list_message_ids(query, **options)

    async def headers(
        self, ids: Sequence[str], names: Sequence[str] = DEFAULT_HEADERS
    ) -> list[MessageHeaders]:
        return await self.inner.headers(ids, names)

    async def send(self, raw: bytes, thread_id: str | None = None) -> SentRef:
        return await self.inner.send(raw, thread_id)

    async def find_sent(self, message_id_header: str) -> SentRef | None:
        return await self.inner.find_sent(message_id_header)

    async def thread_headers(
        self, thread_id: str, names: Sequence[str] = DEFAULT_HEADERS
    ) -> list[MessageHeaders]:
        return await self.inner.thread_headers(thread_id, names)

    async def history_message_ids(self, start_history_id: str) -> tuple[list[str], str]:
        return await self.inner.history_message_ids(start_history_id)

    @property
    def quota_units_used(self) -> int:
        return self.inner.quota_units_used

    @property
    def api_calls(self) -> int:
        return self.inner.api_calls

    async def close(self) -> None:
        await self.inner.close()


async def test_search_finds_exactly_the_seeded_brokers_with_counts_and_dates(
    fake: FakeGoogle, clock: SimClock, seeded: BrokerMailbox
) -> None:
    result = await scan(fake, clock)

    assert (result.mode, result.status) == (ScanMode.SEARCH, ScanStatus.COMPLETED)
    assert set(result.findings) == seeded.seeded
    assert summary(result) == truth(seeded)
    assert all(1 <= len(f.sender_forms) <= 3 for f in result.findings.values())
    assert result.unknown_domains == {}


async def test_search_cost_grows_with_the_brokers_not_with_the_mailbox(clock: SimClock) -> None:
    costs = []
    for messages in (2000, 20000):
        seeded = broker_mailbox(CATALOG, seed=5, messages=messages, brokers=8, owner=USER, sender_domains=300)
        with FakeGoogle(clock=clock) as fake:
            fake.add_account(USER, mailbox=seeded.mailbox)
            result = await scan(fake, clock)
        assert summary(result) == truth(seeded)
        costs.append(result.quota_units)

    assert costs[1] < costs[0] * 1.3
    assert costs[1] < 20000 * 5 / 50  # a fiftieth of reading every message's headers


async def test_metadata_grant_falls_back_to_a_sweep_with_the_same_findings(
    fake: FakeGoogle, clock: SimClock, seeded: BrokerMailbox
) -> None:
    result = await scan(fake, clock, PRIVACY)

    assert result.mode is ScanMode.SWEEP
    assert summary(result) == truth(seeded)
    assert result.messages_examined == 1200


@MODES
async def test_look_alikes_people_and_spoofed_names_are_not_brokers(
    clock: SimClock, scopes: tuple[str, ...]
) -> None:
    with FakeGoogle(clock=clock) as fake:
        for sender, extra in [
            ("Spokeo Fans <hello@spokeo-fans.net>", {}),
            ('"Spokeo" <spokeo.alerts@gmail.com>', {}),
            ("Pat Doe <pat.doe@gmail.com>", {"Reply-To": "privacy@spokeo.com"}),
            ("=?utf-8?q?privacy=40spokeo.com?= <mallory@gmail.com>", {}),
            ("Spokeo <privacy@spokeo.com.evil.example>", {}),
        ]:
            fake.deliver(USER, sender, "Your records", "...", headers=extra)
        result = await scan(fake, clock, scopes)

    assert result.findings == {}


async def test_sweep_counts_unknown_company_domains_but_not_people_or_the_owner(clock: SimClock) -> None:
    owner = "me@acme-corp.com"
    with FakeGoogle(clock=clock) as fake:
        for sender in [
            "Colleague <bo@mail.acme-corp.com>",
            "Shop <news@shop-example.com>",
            "Shop <deals@e.shop-example.com>",
            "Friend <friend@gmail.com>",
            "Spokeo <a@spokeo.com>",
            "Help <help@acme.zendesk.com>",
        ]:
            fake.deliver(owner, sender, "hello", "...")
        credentials = credentials_for(fake, owner, PRIVACY)
        async with GmailMailbox(
            credentials, api_url=fake.gmail_api_url, clock=clock, sleep=clock.sleep
        ) as mailbox:
            result = await run_scan(mailbox, CATALOG, mode="sweep")

    assert result.unknown_domains == {"shop-example.com": 2, "acme.zendesk.com": 1}
    assert set(result.findings) == {"spokeo"}


@MODES
async def test_faults_give_the_same_result_as_a_fault_free_scan(
    fake: FakeGoogle, clock: SimClock, seeded: BrokerMailbox, scopes: tuple[str, ...]
) -> None:
    fake.set_fault_rate(0.2)

    result = await scan(fake, clock, scopes)

    assert summary(result) == truth(seeded)
    assert fake.stats(USER).faults > 5


async def test_quota_refusals_are_waited_out_during_a_scan(
    fake: FakeGoogle, clock: SimClock, seeded: BrokerMailbox
) -> None:
    fake.set_quota_model("2026")  # the client believes gets cost 5; Google charges 20 and refuses

    result = await scan(fake, clock, PRIVACY, model="2025")

    assert summary(result) == truth(seeded)
    assert fake.stats(USER).rate_limited > 0


async def test_the_2026_model_is_kept_without_refusals(
    fake: FakeGoogle, clock: SimClock, seeded: BrokerMailbox
) -> None:
    fake.set_quota_model("2026")
    start = clock()

    result = await scan(fake, clock, PRIVACY, model="2026")

    assert summary(result) == truth(seeded)
    assert fake.stats(USER).rate_limited == 0
    assert clock() - start >= result.quota_units / 100 - 60  # 6,000 units a minute


async def test_a_grant_lost_mid_scan_raises_and_the_checkpoint_resumes_after_reconnecting(
    fake: FakeGoogle, clock: SimClock, seeded: BrokerMailbox
) -> None:
    cursors: list[dict[str, Any]] = []

    def lose_grant(cursor: dict[str, Any]) -> None:
        cursors.append(cursor)
        if len(cursors) == 2:
            fake.invalidate_refresh_tokens(USER)
            fake.expire_access_tokens()

    with pytest.raises(MailboxAuthError):
        await scan(fake, clock, on_checkpoint=lose_grant)
    resumed = await scan(fake, clock, cursor=cursors[-1])

    assert summary(resumed) == truth(seeded)


async def test_cancel_stops_between_steps(fake: FakeGoogle, clock: SimClock) -> None:
    cursors: list[dict[str, Any]] = []

    result = await scan(fake, clock, on_checkpoint=cursors.append, is_cancelled=lambda: len(cursors) >= 2)

    assert result.status is ScanStatus.CANCELLED
    assert [c["next_chunk"] for c in cursors] == [1, 2]
    assert result.api_calls == cursors[-1]["api_calls"]  # nothing was asked after the second step


async def test_resuming_gives_the_uninterrupted_result_without_redoing_finished_chunks(
    fake: FakeGoogle, clock: SimClock, seeded: BrokerMailbox
) -> None:
    cursors: list[dict[str, Any]] = []
    await scan(fake, clock, on_checkpoint=cursors.append, is_cancelled=lambda: len(cursors) >= 5)

    async with open_mailbox(fake, clock, READ) as inner:
        recording = RecordingMailbox(inner)
        resumed = await run_scan(recording, CATALOG, cursor=json.loads(json.dumps(cursors[-1])))

    assert summary(resumed) == truth(seeded)
    chunk_queries = [from_query(chunk.terms) for chunk in plan_chunks(CATALOG)]
    assert not set(chunk_queries[:5]) & set(recording.queries)
    assert chunk_queries[5] in recording.queries


async def test_a_sweep_resumes_at_its_next_page(
    fake: FakeGoogle, clock: SimClock, seeded: BrokerMailbox
) -> None:
    cursors: list[dict[str, Any]] = []
    await scan(fake, clock, PRIVACY, on_checkpoint=cursors.append, is_cancelled=lambda: len(cursors) >= 2)
    await clock.sleep(60)  # a restart: the new limiter does not know what the last process spent

    resumed = await scan(fake, clock, PRIVACY, cursor=cursors[-1])

    assert summary(resumed) == truth(seeded)
    assert resumed.messages_examined == 1200
    assert fake.stats(USER).calls["messages.list"] == 1 + 3  # the refused search, then three pages, once each


@MODES
async def test_an_empty_mailbox_finds_nothing(clock: SimClock, scopes: tuple[str, ...]) -> None:
    with FakeGoogle(clock=clock) as fake:
        fake.add_account(USER)
        result = await scan(fake, clock, scopes)

    assert (result.status, result.findings, result.messages_examined) == (ScanStatus.COMPLETED, {}, 0)


def add_raw(fake: FakeGoogle, sender: str, raw: bytes, date_ms: int = 1_600_000_000_000) -> None:
    fake.add_account(USER).mailbox.add(sender=sender, recipients=USER, subject="s", date_ms=date_ms, body="b",
                                       labels=("INBOX",), raw=raw)  # fmt: skip


@MODES
async def test_bad_headers_neither_crash_nor_mislead(clock: SimClock, scopes: tuple[str, ...]) -> None:
    with FakeGoogle(clock=clock) as fake:
        add_raw(fake, "", build_mail([("To", USER), ("Subject", "no sender")], "b"))
        two_froms = "Spokeo <news@spokeo.com>"
        add_raw(
            fake, two_froms, f"From: {two_froms}\r\nFrom: x@gmail.com\r\nTo: {USER}\r\n\r\nb\r\n".encode()
        )
        padded = [("From", "Spokeo <privacy@spokeo.com>"), ("To", USER), ("X-Padding", "p" * 10_000)]
        add_raw(fake, "Spokeo <privacy@spokeo.com>", build_mail(padded, "b"))
        fake.deliver(USER, "=?UTF-8?B?V2hpdGVwYWdlcyDCtyBQcml2YWN5?= <info@whitepages.com>", "s", "b")
        latin1 = (
            b"From: Sp\xe9cial Offers <hello@beenverified.com>\r\nTo: " + USER.encode() + b"\r\n\r\nb\r\n"
        )
        add_raw(fake, "Special <hello@beenverified.com>", latin1)
        for absurd in (10**17, -86_400_000):
            add_raw(
                fake, "Intelius <a@intelius.com>", b"From: Intelius <a@intelius.com>\r\n\r\nb\r\n", absurd
            )
        huge = '"' + "A" * 10_000 + '" <privacy@truthfinder.com>'
        add_raw(fake, huge, f"From: {huge}\r\n\r\nb\r\n".encode())
        cursors: list[dict[str, Any]] = []
        result = await scan(fake, clock, scopes, on_checkpoint=cursors.append)

    counts = {k: f.message_count for k, f in result.findings.items()}
    assert counts == {"spokeo": 2, "whitepages": 1, "beenverified": 1, "intelius": 2}
    assert (
        result.findings[BrokerId("intelius")].first_seen,
        result.findings[BrokerId("intelius")].last_seen,
    ) == (None, None)
    assert json.dumps(cursors[-1]).encode("utf-8")


@MODES
async def test_an_incremental_scan_counts_only_mail_since(
    fake: FakeGoogle, clock: SimClock, seeded: BrokerMailbox, scopes: tuple[str, ...]
) -> None:
    since = datetime(2022, 1, 1, tzinfo=UTC)
    recent = [m for m in seeded.mailbox.messages if m.date_ms >= since.timestamp() * 1000]
    expected = truth_of(CATALOG, recent)[0]

    result = await scan(fake, clock, scopes, since=since)

    assert {k: f.message_count for k, f in result.findings.items()} == expected
    assert all(f.first_seen is not None and f.first_seen >= since for f in result.findings.values())
    if scopes == PRIVACY:
        assert result.messages_examined < 1200


async def test_a_history_sweep_reads_only_new_mail_and_falls_back_when_the_id_expired(
    fake: FakeGoogle, clock: SimClock, seeded: BrokerMailbox
) -> None:
    first = await scan(fake, clock, PRIVACY)
    for _ in range(2):
        fake.deliver(USER, "Spokeo <privacy@spokeo.com>", "New records found", "...")

    later = await scan(fake, clock, PRIVACY, since_history_id=first.history_id)
    fake.expire_history(USER)
    fallback = await scan(fake, clock, PRIVACY, since_history_id=later.history_id)

    assert {k: f.message_count for k, f in later.findings.items()} == {"spokeo": 2}
    assert later.messages_examined == 2
    assert fallback.messages_examined == 1202
    assert fallback.findings[BrokerId("spokeo")].message_count == seeded.counts.get("spokeo", 0) + 2


async def test_progress_climbs_to_the_total_and_async_hooks_are_awaited(
    fake: FakeGoogle, clock: SimClock
) -> None:
    steps: list[tuple[int, int, str]] = []
    saved: list[str] = []

    async def on_progress(done: int, total: int, phase: str) -> None:
        steps.append((done, total, phase))

    async def on_checkpoint(cursor: dict[str, Any]) -> None:
        saved.append(json.dumps(cursor))

    await scan(fake, clock, on_progress=on_progress, on_checkpoint=on_checkpoint)

    assert len(steps) == len(saved) == len(plan_chunks(CATALOG)) + 2
    assert [done for done, _, _ in steps] == sorted(done for done, _, _ in steps)
    assert steps[-1][0] == steps[-1][1]
    phases = [phase for _, _, phase in steps]
    assert phases[-3:] == ["providers", "dates", "done"]  # each names the work still to come
    assert set(phases[:-3]) <= {"chunks"}


def test_a_cursor_round_trips_through_json() -> None:
    state = ScanState.start(ScanMode.SWEEP, after=1_700_000_000, history_start="77")
    state.tallies["spokeo"] = Tally(count=3, first=datetime(2020, 1, 1, tzinfo=UTC), terms=["spokeo.com"])
    state.unknown["shop-example.com"] = 2
    state.page_token = "next"

    again = ScanState.from_cursor(json.loads(json.dumps(state.to_cursor())))

    assert again == state


def test_a_cursor_of_another_version_is_refused() -> None:
    cursor = ScanState.start(ScanMode.SEARCH, after=None, history_start=None).to_cursor() | {"version": 99}

    with pytest.raises(ValueError, match="version"):
        ScanState.from_cursor(cursor)
