"""A calm chat: review a few cards at a time, one living dashboard, taps answered without noise."""

from __future__ import annotations

import asyncio

from bot.app import BotRuntime
from bot.sandbox.google import FakeGoogle
from bot.sandbox.telegram import SentMessage
from brokers.catalog import Kind
from tests.clock import FakeClock
from tests.e2e.browser import Browser
from tests.e2e.letters import UNDO_SECONDS, confirm, let_it_go
from tests.e2e.test_connect import ALICE, ANN, connect
from tests.e2e.test_journey import reviewing
from tests.e2e.test_onboarding import onboard
from tests.fakes.chat import Chat


async def thirty_drafts(chat: Chat, bot: BotRuntime, browser: Browser, google: FakeGoogle) -> list[str]:
    """Ann, connected, with drafts to thirty e-mail brokers; their names in review order."""
    await onboard(chat)
    await connect(chat, browser, google)
    (account,) = await bot.services.connect.accounts(ANN)
    brokers = [b for b in bot.catalog.of_kind(Kind.BROKER) if b.enabled and b.can_email][:30]
    cards = await bot.services.review.add(ANN, account.id, [b.id for b in brokers])
    assert len(cards) == 30
    return [c.broker.name for c in cards]


def shown_names(messages: list[SentMessage]) -> list[str]:
    return [m.text.split("\n", 1)[0] for m in messages if "Skip" in m.button_texts]


async def next_page(chat: Chat, footer: SentMessage) -> tuple[SentMessage, list[SentMessage]]:
    """Tap More on `footer`; the new footer and the messages posted after the old one (it loses More)."""
    more = next(text for text in footer.button_texts if text.startswith("More"))
    await chat.tap(more, message=footer)
    await chat.fake.wait_until(
        lambda: chat.last.message_id > footer.message_id and chat.last.text.startswith(("Drafts", "Nothing")),
        timeout=20,
        what="the next page's footer",
    )
    assert as_now(chat, footer).buttons == []
    page = [m for m in chat.messages if m.message_id > footer.message_id]
    return page[-1], page


async def every_page(chat: Chat, first: list[SentMessage]) -> list[SentMessage]:
    """Every message of a review longer than a page, from its first page's messages on, following More."""
    start = first[0].message_id
    await chat.fake.wait_until(
        lambda: chat.last.message_id >= start and chat.last.text.startswith("Drafts"),
        timeout=20,
        what="the first page's footer",
    )
    footer = chat.last
    shown = [m for m in chat.messages if m.message_id >= start]
    while any(text.startswith("More") for text in footer.button_texts):
        footer, page = await next_page(chat, footer)
        shown += page
    return shown


def as_now(chat: Chat, message: SentMessage) -> SentMessage:
    """`message` as the chat shows it now, after any edits."""
    return chat.fake.message(chat.chat_id, message.message_id)


def not_modified_errors(chat: Chat) -> list[str]:
    return [c.description or "" for c in chat.fake.calls if "not modified" in (c.description or "")]


async def test_review_of_thirty_drafts_posts_a_handful_and_more_pages_through_all(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None
) -> None:
    names = await thirty_drafts(ann, bot, browser, google)
    page = await ann.say("/review")
    assert len(page) == 6  # five cards and one footer
    footer = page[-1]
    assert footer.text == "Drafts 1–5 of 30.\n30 requests can go out by e-mail."
    assert footer.button_texts == ["Send all 30", "More (25 left)"]
    seen = shown_names(page)
    while any(text.startswith("More") for text in footer.button_texts):
        footer, page = await next_page(ann, footer)
        assert len(page) == 6
        seen += shown_names(page)
    assert seen == names
    assert ann.last.text.startswith("Drafts 26–30 of 30.")
    assert ann.last.button_texts == ["Send all 30"]


async def test_more_after_skips_shows_the_next_cards_without_a_gap(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None
) -> None:
    names = await thirty_drafts(ann, bot, browser, google)
    page = await ann.say("/review")
    for card in page[:3]:
        await ann.tap("Skip", message=card)
    footer, more = await next_page(ann, page[-1])
    assert shown_names(more) == names[5:10]
    assert footer.text.startswith("Drafts 3–7 of 27.")  # two left above, five here, twenty below


async def test_a_stale_more_shows_only_what_is_still_a_draft(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None
) -> None:
    await thirty_drafts(ann, bot, browser, google)
    page = await ann.say("/review")
    for card in await bot.services.review.drafts(ANN):
        if card.broker.name not in shown_names(page):
            assert await bot.services.review.skip(ANN, card.request.id)
    _, replies = await next_page(ann, page[-1])
    assert [m.text for m in replies] == ["Nothing more to review: every draft is above or was handled."]


async def test_a_more_from_before_forget_changes_nothing(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None
) -> None:
    await thirty_drafts(ann, bot, browser, google)
    page = await ann.say("/review")
    await ann.say("/forget")
    await ann.tap("Yes, erase everything")
    replies = await ann.tap("More (25 left)", message=page[-1])
    assert replies == []
    assert ann.last_answer is not None and "no longer valid" in (ann.last_answer.text or "")


async def test_start_for_a_returning_connected_person_shows_where_they_are(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None
) -> None:
    await reviewing(ann, browser, google)
    (dashboard,) = await ann.say("/start")
    assert dashboard.text.splitlines()[:3] == [
        "Where you are",
        "Gmail: alice@gmail.com",
        "Last scan: Nov 2, 2026",  # the fake clock's day
    ]
    assert "• 2 drafts to review\n• 1 web form to fill in" in dashboard.text
    assert dashboard.button_texts == ["Review drafts", "Refresh"]
    (again,) = await ann.say("/start")
    assert as_now(ann, dashboard).deleted  # still one dashboard
    assert again.text == dashboard.text


async def test_status_counts_after_a_send_and_a_skip_in_one_edited_message(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None, clock: FakeClock
) -> None:
    cards = await reviewing(ann, browser, google)
    (dashboard,) = await ann.say("/status")
    assert "Requests: draft 3" in dashboard.text
    await ann.tap("Skip", message=next(m for m in cards if "33Across" in m.text))
    # The skip's edit of the dashboard first: on a loaded machine it could land inside the next tap.
    await ann.fake.wait_until(
        lambda: "skipped 1" in as_now(ann, dashboard).text, timeout=10, what="the skip's dashboard edit"
    )
    await ann.tap("Send", message=next(m for m in cards if "01Advertising" in m.text))
    await confirm(ann)
    await let_it_go(ann, clock, google, ALICE, mails=1)
    await ann.fake.wait_until(
        lambda: "sent 1" in as_now(ann, dashboard).text, timeout=10, what="the dashboard edit"
    )
    assert "Requests: draft 1, skipped 1, sent 1" in as_now(ann, dashboard).text
    assert "• 1 web form to fill in" in as_now(ann, dashboard).text
    assert "drafts to review" not in as_now(ann, dashboard).text
    assert [m.message_id for m in ann.messages if m.text.startswith("Where you are")] == [
        dashboard.message_id
    ]
    assert not_modified_errors(ann) == []


async def test_refresh_of_an_unchanged_dashboard_edits_nothing(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None
) -> None:
    await onboard(ann)
    (dashboard,) = await ann.say("/status")
    edits = len([c for c in ann.fake.calls if c.method == "editMessageText"])
    assert await ann.tap("Refresh", message=dashboard) == []
    await asyncio.sleep(0.3)
    assert len([c for c in ann.fake.calls if c.method == "editMessageText"]) == edits
    assert not_modified_errors(ann) == []


async def test_status_in_german(ann: Chat, bot: BotRuntime) -> None:
    await onboard(ann)
    await ann.say("/settings")
    await ann.tap("Language")
    await ann.tap("Deutsch")
    (dashboard,) = await ann.say("/status")
    assert (
        dashboard.text == "Wo du stehst\nNoch ist kein Gmail-Konto verbunden.\n\nBraucht dich\nGerade nichts."
    )
    assert dashboard.button_texts == ["Gmail verbinden", "Aktualisieren"]


async def test_a_failed_send_appears_under_needs_you_with_a_way_to_it(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None, clock: FakeClock
) -> None:
    cards = await reviewing(ann, browser, google)
    (dashboard,) = await ann.say("/status")
    google.invalidate_refresh_tokens(ALICE)  # the password changed: Gmail refuses the send
    google.expire_access_tokens()
    await ann.tap("Send", message=next(m for m in cards if "01Advertising" in m.text))
    await confirm(ann)
    clock.advance(seconds=UNDO_SECONDS)
    await ann.fake.wait_until(
        lambda: "did not reach" in as_now(ann, dashboard).text, timeout=20, what="the failed send"
    )
    assert "• 1 letter did not reach its company" in as_now(ann, dashboard).text
    assert as_now(ann, dashboard).button_texts[:2] == ["Review drafts", "Open what needs you"]
    (listing,) = await ann.tap("Open what needs you", message=as_now(ann, dashboard))
    assert "01Advertising Inc.: failed" in listing.text
    assert google.sent_mail(ALICE) == []


async def test_cancelling_a_scan_says_so_once(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None
) -> None:
    await onboard(ann)
    await connect(ann, browser, google)
    google.expire_access_tokens()
    google.token_delay(1.5)  # the scan waits for a fresh token: time to tap Cancel
    (progress,) = await ann.tap("Scan my inbox")
    assert progress.text.startswith("Scanning your mailbox\n▱▱▱▱▱▱▱▱▱▱▱▱ 0%")
    await ann.tap("Cancel", message=progress)
    google.token_delay(0)
    assert ann.last_answer is not None and ann.last_answer.text == "Stopping the scan…"
    await ann.fake.wait_until(
        lambda: as_now(ann, progress).text.startswith("Scan cancelled"),
        timeout=20,
        what="the cancelled scan",
    )
    await asyncio.sleep(0.5)
    assert ann.last.message_id == progress.message_id  # the progress message says it; nothing else does
    assert not_modified_errors(ann) == []


async def test_a_dashboard_far_up_the_chat_moves_down_after_a_change(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None
) -> None:
    await thirty_drafts(ann, bot, browser, google)
    (dashboard,) = await ann.say("/status")
    footer = (await ann.say("/review"))[-1]
    footer, page = await next_page(ann, footer)
    await ann.tap("Skip", message=page[0])
    await ann.fake.wait_until(lambda: as_now(ann, dashboard).deleted, timeout=10, what="the move")
    (moved,) = [m for m in ann.messages if m.text.startswith("Where you are") and not m.deleted]
    assert moved.message_id > footer.message_id
    assert "• 29 drafts to review" in moved.text


async def test_tapping_the_selected_filter_edits_nothing(ann: Chat, bot: BotRuntime) -> None:
    await onboard(ann)
    (listing,) = await ann.say("/requests")
    edits = len([c for c in ann.fake.calls if c.method == "editMessageText"])
    assert await ann.tap("• All", message=listing) == []
    assert len([c for c in ann.fake.calls if c.method == "editMessageText"]) == edits
    (needs_you,) = await ann.tap("Needs you", message=listing)
    assert "• Needs you" in needs_you.button_texts
    assert not_modified_errors(ann) == []
