"""GmailMailbox against the fake Google over real HTTP: calls, batches, quota, retries and errors."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from email.message import EmailMessage

import pytest

from bot.google.gmail import GmailMailbox
from bot.google.messages import requote_display_name
from bot.sandbox.google import FakeGoogle, generate_mailbox, realistic_sender_forms
from bot.sandbox.google.scopes import METADATA, READONLY, SEND
from brokers.errors import (
    HistoryExpired,
    MailboxAuthError,
    MailboxQuotaExceeded,
    MailboxScopeError,
    MailboxUnavailable,
)
from tests.bot.scan_support import SimClock, credentials_for

USER = "person@gmail.com"
READ = (READONLY, SEND)
SPOKEO = {"spokeo.com": realistic_sender_forms("spokeo.com", "Spokeo")}


@pytest.fixture
def clock() -> SimClock:
    return SimClock()


@pytest.fixture
def fake(clock: SimClock) -> Iterator[FakeGoogle]:
    with FakeGoogle(clock=clock) as server:
        server.add_account(USER, mailbox=generate_mailbox(3, 600, broker_senders=SPOKEO, owner=USER))
        yield server
        assert server.server_errors == []


def open_mailbox(
    fake: FakeGoogle, clock: SimClock, scopes: tuple[str, ...] = READ, **options: object
) -> GmailMailbox:
    return GmailMailbox(
        credentials_for(fake, USER, scopes),
        api_url=fake.gmail_api_url,
        clock=clock,
        sleep=clock.sleep,
        rng=random.Random(0),
        **options,  # type: ignore[arg-type]
    )


@pytest.fixture
async def gmail(fake: FakeGoogle, clock: SimClock) -> AsyncIterator[GmailMailbox]:
    async with open_mailbox(fake, clock) as mailbox:
        yield mailbox


def stored(fake: FakeGoogle) -> list[str]:
    """Every message id, newest first, as messages.list orders them."""
    messages = fake.add_account(USER).mailbox.messages
    return [m.id for m in sorted(messages, key=lambda m: (m.date_ms, m.seq), reverse=True)]


async def all_ids(gmail: GmailMailbox, query: str | None = None) -> list[str]:
    ids, token = await gmail.list_message_ids(query, include_spam_trash=True)
    while token:
        more, token = await gmail.list_message_ids(query, page_token=token, include_spam_trash=True)
        ids += more
    return ids


async def test_profile_reports_the_account_and_its_history_id(gmail: GmailMailbox) -> None:
    profile = await gmail.profile()

    assert (profile.email, profile.messages_total) == (USER, 600)
    assert int(profile.history_id) > 0


async def test_listing_pages_through_every_message_newest_first(
    gmail: GmailMailbox, fake: FakeGoogle
) -> None:
    first, token = await gmail.list_message_ids(None, max_results=250, include_spam_trash=True)

    assert token is not None
    assert len(first) == 250
    assert await all_ids(gmail) == stored(fake)


async def test_a_query_longer_than_a_url_still_finds_the_mail(gmail: GmailMailbox, fake: FakeGoogle) -> None:
    domains = [*(f"unrelated-{i}.example" for i in range(150)), "spokeo.com"]

    found = await all_ids(gmail, f"from:({' OR '.join(domains)})")

    mailbox = fake.add_account(USER).mailbox
    assert set(found) == {
        m.id for m in mailbox.messages if m.sender.lower().rstrip(">").endswith("spokeo.com")
    }


async def test_headers_come_in_the_asked_order_and_skip_unknown_ids(
    gmail: GmailMailbox, fake: FakeGoogle
) -> None:
    ids = stored(fake)[:120]

    fetched = await gmail.headers([ids[5], "0000000000000000", *ids])

    assert [h.id for h in fetched] == [ids[5], *(i for i in ids if i != ids[5])]
    assert all(h.from_header and h.date_header for h in fetched)
    message = fake.add_account(USER).mailbox.get(ids[0])
    assert message is not None
    assert fetched[1].internal_date == datetime.fromtimestamp(message.date_ms / 1000, tz=UTC)


async def test_headers_are_fetched_in_batches_of_at_most_fifty(gmail: GmailMailbox, fake: FakeGoogle) -> None:
    await gmail.headers(stored(fake)[:120])

    stats = fake.stats(USER)
    assert (stats.batches, stats.calls["messages.get"]) == (3, 120)
    assert gmail.quota_units_used == stats.units == 600


async def test_reply_to_and_decoded_names_reach_the_values(gmail: GmailMailbox, fake: FakeGoogle) -> None:
    mail_id = fake.deliver(USER, "=?UTF-8?B?U3Bva2VvIMK3IERhdGVuc2NodXR6?= <privacy@spokeo.com>", "hi", "x",
                           headers={"Reply-To": "support@spokeo.com"})  # fmt: skip

    [headers] = await gmail.headers([mail_id])

    assert headers.from_header == "Spokeo · Datenschutz <privacy@spokeo.com>"
    assert headers.reply_to == "support@spokeo.com"


async def test_a_decoded_name_cannot_pass_for_the_address(gmail: GmailMailbox, fake: FakeGoogle) -> None:
    mail_id = fake.deliver(USER, "=?utf-8?q?privacy=40spokeo.com?= <mallory@gmail.com>", "hi", "x")

    [headers] = await gmail.headers([mail_id])

    assert headers.from_header == '"privacy@spokeo.com" <mallory@gmail.com>'


def test_requoting_leaves_ordinary_and_quoted_names_alone() -> None:
    assert requote_display_name("Spokeo <a@spokeo.com>") == "Spokeo <a@spokeo.com>"
    assert requote_display_name('"a@b.example" <x@y.example>') == '"a@b.example" <x@y.example>'
    assert requote_display_name("a@b.example") == "a@b.example"
    assert requote_display_name('<a@b.example> say "hi" <x@y.example>') == (
        '"<a@b.example> say \\"hi\\"" <x@y.example>'
    )


async def test_send_then_find_sent_by_message_id(gmail: GmailMailbox, fake: FakeGoogle) -> None:
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = USER, "privacy@spokeo.com", "Deletion request"
    mail["Message-ID"] = "<req-42@bot.example>"
    mail.set_content("Please delete my data.")

    sent = await gmail.send(mail.as_bytes())

    assert await gmail.find_sent("<req-42@bot.example>") == sent
    assert await gmail.find_sent("<never-sent@bot.example>") is None
    assert [m.message_id for m in fake.sent_mail(USER)] == ["<req-42@bot.example>"]


async def test_thread_headers_list_the_reply_after_the_request(gmail: GmailMailbox, fake: FakeGoogle) -> None:
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = USER, "privacy@spokeo.com", "Deletion request"
    mail["Message-ID"] = "<req-43@bot.example>"
    mail.set_content("Please delete my data.")
    sent = await gmail.send(mail.as_bytes())
    fake.deliver(
        USER,
        "Spokeo <privacy@spokeo.com>",
        "Re: Deletion request",
        "Done.",
        in_reply_to="<req-43@bot.example>",
    )

    thread = await gmail.thread_headers(sent.thread_id)

    assert [h.from_header for h in thread] == [USER, "Spokeo <privacy@spokeo.com>"]


async def test_history_lists_new_mail_and_a_stale_id_expires(gmail: GmailMailbox, fake: FakeGoogle) -> None:
    start = (await gmail.profile()).history_id
    new = fake.deliver(USER, "Spokeo <privacy@spokeo.com>", "Your report", "...")

    ids, latest = await gmail.history_message_ids(start)
    fake.expire_history(USER)

    assert ids == [new]
    assert int(latest) > int(start)
    with pytest.raises(HistoryExpired):
        await gmail.history_message_ids(latest)


async def test_a_search_under_the_metadata_scope_is_a_scope_error(fake: FakeGoogle, clock: SimClock) -> None:
    async with open_mailbox(fake, clock, (METADATA, SEND)) as gmail:
        assert len(await gmail.headers(stored(fake)[:3])) == 3
        with pytest.raises(MailboxScopeError):
            await gmail.list_message_ids("from:spokeo.com")


async def test_reading_with_the_send_scope_only_is_a_scope_error(fake: FakeGoogle, clock: SimClock) -> None:
    async with open_mailbox(fake, clock, (SEND,)) as gmail:
        with pytest.raises(MailboxScopeError):
            await gmail.profile()


async def test_a_dead_refresh_token_is_an_auth_error(gmail: GmailMailbox, fake: FakeGoogle) -> None:
    await gmail.profile()
    fake.invalidate_refresh_tokens(USER)
    fake.expire_access_tokens()

    with pytest.raises(MailboxAuthError):
        await gmail.headers(stored(fake)[:3])


async def test_an_expired_access_token_is_refreshed_inside_a_batch(
    gmail: GmailMailbox, fake: FakeGoogle
) -> None:
    await gmail.profile()
    fake.expire_access_tokens()

    assert len(await gmail.headers(stored(fake)[:60])) == 60


async def test_server_faults_are_retried_until_the_answers_match(fake: FakeGoogle, clock: SimClock) -> None:
    ids = stored(fake)[:200]
    async with open_mailbox(fake, clock) as clean:
        expected = await clean.headers(ids)
    fake.set_fault_rate(0.3)

    async with open_mailbox(fake, clock) as gmail:
        assert await gmail.headers(ids) == expected
        assert await all_ids(gmail) == stored(fake)

    assert fake.stats(USER).faults > 50


async def test_the_limiter_keeps_within_the_quota_without_a_refusal(gmail: GmailMailbox, fake: FakeGoogle,
                                                                    clock: SimClock) -> None:  # fmt: skip
    start = clock()

    await gmail.headers(stored(fake))  # 600 gets at 5 units: 3,000 units, twelve seconds at 250 a second

    assert fake.stats(USER).rate_limited == 0
    assert clock() - start >= 11


async def test_quota_refusals_are_waited_out(fake: FakeGoogle, clock: SimClock) -> None:
    fake.set_quota_model("2026")  # gets cost 20 there; the client believes 5 (the 2025 table)

    async with open_mailbox(fake, clock, quota_model="2025") as gmail:
        fetched = await gmail.headers(stored(fake)[:400])

    assert len(fetched) == 400
    assert fake.stats(USER).rate_limited > 0


async def test_quota_refusals_past_the_bound_raise_with_a_retry_time(
    fake: FakeGoogle, clock: SimClock
) -> None:
    fake.set_quota_model("2026")

    async with open_mailbox(fake, clock, quota_model="2025", max_attempts=1) as gmail:
        with pytest.raises(MailboxQuotaExceeded) as refused:
            await gmail.headers(stored(fake)[:400])

    assert refused.value.retry_at > datetime.now(UTC)


async def test_an_unreachable_server_is_unavailable_after_the_bound(
    clock: SimClock, fake: FakeGoogle
) -> None:
    credentials = credentials_for(fake, USER, READ)
    async with GmailMailbox(credentials, api_url="http://127.0.0.1:9/", clock=clock, sleep=clock.sleep,
                            max_attempts=3, timeout=2) as gmail:  # fmt: skip
        with pytest.raises(MailboxUnavailable):
            await gmail.profile()

    assert gmail.api_calls == 3
    assert clock.slept > 0


async def test_send_is_not_retried_after_a_server_error(clock: SimClock) -> None:
    # With this seed the fake's first injected fault is a 500, not a 429.
    with FakeGoogle(clock=clock, fault_rate=1.0, seed=2) as fake:
        async with open_mailbox(fake, clock) as gmail:
            with pytest.raises(MailboxUnavailable):
                await gmail.send(b"To: privacy@spokeo.com\r\nSubject: x\r\n\r\nDelete my data.\r\n")

        assert fake.stats(USER).calls["messages.send"] == 1


async def test_every_failed_call_is_counted_for_health_but_not_found_is_not(
    fake: FakeGoogle, clock: SimClock
) -> None:
    errors: list[None] = []
    fake.set_fault_rate(0.3)
    async with open_mailbox(fake, clock, on_error=lambda: errors.append(None)) as gmail:
        await gmail.headers([*stored(fake)[:100], "0000000000000000"])  # the last one is not found

    assert len(errors) == fake.stats(USER).faults > 0
