"""Connecting Gmail as a person does: the chat link, Google's consent page, our page that hands over to
Telegram, and the /start that finishes it in the chat of the account that asked."""

from __future__ import annotations

import asyncio
import re

import httpx
import pytest
from sqlalchemy import select, text

from bot.app import BotRuntime
from bot.config import load_settings
from bot.sandbox.google import FakeGoogle
from bot.sandbox.telegram import FakeTelegram
from brokers.accounts import AccountState
from brokers.profile import TelegramId
from brokers.scopes import METADATA, READONLY, SEND
from storage.records import AuditRecord, AuthorizationRecord
from tests.clock import FakeClock
from tests.e2e.browser import Browser, telegram_link, visible_text
from tests.e2e.conftest import watch_busy
from tests.e2e.test_onboarding import onboard
from tests.fakes.chat import Chat

ANN = TelegramId(1001)
ALICE = "alice@gmail.com"


async def connect_link(chat: Chat, mode_button: str | None = None) -> str:
    await chat.say("/connect")
    if mode_button:
        await chat.tap(mode_button)
    button = next(b for row in chat.last.buttons for b in row if b.url)
    assert button.url is not None
    return button.url


async def consent(
    chat: Chat, browser: Browser, google: FakeGoogle, address: str = ALICE, mode_button: str | None = None
) -> httpx.Response:
    """Open the link from the chat and consent at (fake) Google; returns our page after Google's."""
    google.consent_as(address)
    return await browser.open(await connect_link(chat, mode_button))


async def connect(chat: Chat, browser: Browser, google: FakeGoogle, address: str = ALICE) -> httpx.Response:
    """Consent at Google, then open the page's link to Telegram in this chat; returns the page."""
    page = await consent(chat, browser, google, address)
    await chat.open_link(telegram_link(page))
    await chat.fake.wait_until(
        lambda: "Connected as" in chat.last.text or "Updated the" in chat.last.text,
        what="the connected message",
    )
    return page


async def _accounts(bot: BotRuntime) -> list[AuthorizationRecord]:
    async with bot.engine.connect() as connection:
        rows = await connection.execute(select(AuthorizationRecord))
        return list(rows.all())  # type: ignore[arg-type]


async def test_connect_asks_google_with_pkce_offline_and_consent(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser
) -> None:
    await onboard(ann)
    await consent(ann, browser, google)
    request = google.last_authorization
    assert request is not None
    assert request.get("code_challenge_method") == "S256"
    assert request.get("access_type") == "offline"
    assert request.get("prompt") == "consent"
    assert set(request.scopes) == {READONLY, SEND}


async def test_connection_finished_in_telegram_is_stored_encrypted_and_told_in_chat(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser
) -> None:
    await onboard(ann)
    before = len(ann.messages)
    page = await consent(ann, browser, google)
    assert [str(r.url.path) for r in page.history] == ["/o/oauth2/auth", "/oauth/callback"]
    assert page.url.path == "/oauth/finish"
    assert "code=" not in str(page.url)
    assert ALICE in visible_text(page)
    link = telegram_link(page)
    assert re.fullmatch(r"https://t\.me/fake_test_bot\?start=[A-Za-z0-9_-]{1,64}", link)
    assert await _accounts(bot) == []  # the page links nothing by itself
    assert len(ann.messages) == before + 1  # only /connect's answer: no word before the owner's /start
    await ann.open_link(link)
    await ann.fake.wait_until(lambda: "Connected as alice@gmail.com" in ann.last.text, what="connected")
    assert ann.buttons() == ["Scan my inbox"]
    rows = await _accounts(bot)
    assert len(rows) == 1
    assert rows[0].tokens_enc.startswith("gAAAA")  # a Fernet token, not the plain JSON
    assert "access_token" not in rows[0].tokens_enc
    assert ALICE not in rows[0].address_enc
    async with bot.engine.connect() as connection:
        actions = (await connection.execute(select(AuditRecord.action))).scalars().all()
    assert "authorization" in actions


async def test_pages_are_locked_down(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser
) -> None:
    await onboard(ann)
    page = await consent(ann, browser, google)
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["cache-control"] == "no-store"
    assert "<script" not in page.text
    assert "<img" not in page.text and "<link" not in page.text  # no external assets
    assert re.findall(r'href="([^"]+)"', page.text) == [telegram_link(page)]  # only the link to Telegram
    callback = page.history[-1]
    assert callback.status_code == 303
    assert "httponly" in callback.headers["set-cookie"].lower()


async def test_denied_consent_gets_a_page_and_a_chat_message(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser
) -> None:
    await onboard(ann)
    google.consent_mode("deny")
    page = await consent(ann, browser, google)
    assert "You did not give access" in visible_text(page)
    await ann.fake.wait_until(lambda: "You did not give me access" in ann.last.text, what="denied message")
    assert ann.buttons() == ["Try again"]
    assert await _accounts(bot) == []


async def test_only_send_granted_connects_nothing_and_revokes(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser
) -> None:
    await onboard(ann)
    google.grant_only([SEND])
    page = await consent(ann, browser, google)
    assert "Reading permission is missing" in visible_text(page)
    await ann.fake.wait_until(lambda: "You allowed sending only" in ann.last.text, what="no-read message")
    assert await _accounts(bot) == []
    assert len(google.revoked) == 1


async def test_unticked_send_connects_with_a_warning(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser
) -> None:
    await onboard(ann)
    google.grant_only([READONLY])
    page = await consent(ann, browser, google)
    await ann.open_link(telegram_link(page))
    await ann.fake.wait_until(lambda: "cannot send requests" in ann.last.text, what="send warning")
    assert ann.buttons() == ["Scan my inbox", "Try again"]


async def test_privacy_mode_asks_for_metadata_only_and_says_so(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser
) -> None:
    await onboard(ann)
    page = await consent(ann, browser, google, mode_button="Privacy mode (headers only, slower)")
    request = google.last_authorization
    assert request is not None
    assert set(request.scopes) == {METADATA, SEND}
    await ann.open_link(telegram_link(page))
    await ann.fake.wait_until(lambda: "Privacy mode" in ann.last.text, what="privacy note")


async def test_expired_link_is_answered_on_the_page_only(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, clock: FakeClock
) -> None:
    await onboard(ann)
    google.consent_as(ALICE)
    link = await connect_link(ann)
    before = len(ann.messages)
    clock.advance(minutes=11)
    page = await browser.open(link)
    assert "This link has expired" in visible_text(page)
    await asyncio.sleep(0.3)
    assert len(ann.messages) == before
    assert await _accounts(bot) == []


async def test_replayed_callback_is_answered_on_the_page_only(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser
) -> None:
    await onboard(ann)
    page = await consent(ann, browser, google)
    callback_url = str(page.history[-1].url)
    before = len(ann.messages)
    for _ in range(5):  # an attacker who saw the URL replays it to spam the owner's chat
        again = await browser.open(callback_url)
        assert "This link was already used" in visible_text(again)
    await asyncio.sleep(0.3)
    assert len(ann.messages) == before


@pytest.mark.parametrize(
    "query",
    [
        "state=forged-state-value-123456&code=abc",
        "code=abc",
        "state=<script>&code=1",
        "state=" + "A" * 500 + "&code=1",
    ],
)
async def test_unknown_or_forged_state_gets_a_page_and_changes_nothing(
    ann: Chat, bot: BotRuntime, browser: Browser, query: str
) -> None:
    await onboard(ann)
    before = len(ann.messages)
    page = await browser.open(f"{bot.web_url}/oauth/callback?{query}")
    assert "This link is not valid" in visible_text(page)
    assert "<script>" not in page.text
    await asyncio.sleep(0.3)
    assert len(ann.messages) == before


async def test_token_exchange_refused_or_unanswered(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser
) -> None:
    await onboard(ann)
    google.fail_token_endpoint(status=400)
    page = await consent(ann, browser, google)
    assert "Google refused the connection" in visible_text(page)
    await ann.fake.wait_until(lambda: "Google refused" in ann.last.text, what="refused message")
    google.token_delay(3)  # longer than GOOGLE_TIMEOUT_SECONDS=2
    page = await consent(ann, browser, google)
    google.token_delay(0)
    assert "Google did not answer in time" in visible_text(page)
    await ann.fake.wait_until(lambda: "did not answer in time" in ann.last.text, what="timeout message")
    assert await _accounts(bot) == []


async def test_same_account_twice_updates_it(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser
) -> None:
    await onboard(ann)
    await connect(ann, browser, google)
    first = (await _accounts(bot))[0]
    await connect(ann, browser, google)
    rows = await _accounts(bot)
    assert len(rows) == 1
    assert rows[0].id == first.id
    assert rows[0].tokens_enc != first.tokens_enc
    assert "Updated the connection of alice@gmail.com" in ann.last.text


async def test_several_accounts_are_listed_and_one_disconnected(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser
) -> None:
    await onboard(ann)
    await connect(ann, browser, google, ALICE)
    await connect(ann, browser, google, "alice.work@gmail.com")
    replies = await ann.say("/accounts")
    assert "alice@gmail.com: connected" in replies[0].text
    assert "alice.work@gmail.com: connected" in replies[0].text
    revoked_before = len(google.revoked)
    # Ann: [Disconnect alice.work@gmail.com].  Bot: "Disconnect alice.work@gmail.com? …" [Yes, …] [Cancel]
    (asked,) = await ann.tap("Disconnect alice.work@gmail.com")
    assert asked.text.startswith("Disconnect alice.work@gmail.com?")
    assert asked.button_texts == ["Yes, disconnect alice.work@gmail.com", "Cancel"]
    assert len(google.revoked) == revoked_before
    replies = await ann.tap("Yes, disconnect alice.work@gmail.com", message=asked)
    assert "Disconnected alice.work@gmail.com" in replies[0].text
    assert len(google.revoked) == revoked_before + 1
    assert len(await _accounts(bot)) == 1


async def test_disconnect_asks_first_and_cancel_keeps_the_account(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser
) -> None:
    await onboard(ann)
    await connect(ann, browser, google, ALICE)
    await ann.say("/disconnect")
    # Ann: [Disconnect alice@gmail.com].  Bot: "Disconnect alice@gmail.com? I will revoke …"
    (asked,) = await ann.tap("Disconnect alice@gmail.com")
    assert "I will revoke my access at Google" in asked.text
    # Ann: [Cancel].  Bot: "Nothing changed: the account stays connected."
    (kept,) = await ann.tap("Cancel", message=asked)
    assert kept.text == "Nothing changed: the account stays connected."
    assert google.revoked == []
    assert len(await _accounts(bot)) == 1


async def test_consent_link_forwarded_to_another_account_links_nothing(
    ann: Chat, bob: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser
) -> None:
    await onboard(ann)
    link = await connect_link(ann)  # Ann forwards her consent link to Bob
    google.consent_as("bob@gmail.com")  # Bob opens it and signs in with his own Gmail
    page = await browser.open(link)
    assert "bob@gmail.com" in visible_text(page)
    assert "Ann" not in visible_text(page)  # no name on the page to trust or to imitate
    before = len(ann.messages)

    (refused,) = await bob.open_link(telegram_link(page))

    assert "This link belongs to someone else" in refused.text
    await ann.fake.wait_until(lambda: len(ann.messages) > before, what="Ann's warning")
    assert "Another Telegram account opened your link" in ann.last.text
    assert all("bob@gmail.com" not in m.text for m in ann.messages)  # the owner never learns the address
    assert await _accounts(bot) == []
    assert len(google.revoked) == 1  # Bob's grant is withdrawn at Google
    (again,) = await ann.open_link(telegram_link(page))  # the spent link now works for no one
    assert "This link no longer works" in again.text
    assert await _accounts(bot) == []


async def test_owner_opening_the_link_after_another_account_tried_gets_a_fresh_start(
    ann: Chat, bob: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser
) -> None:
    await onboard(ann)
    page = await consent(ann, browser, google)
    await bob.open_link(telegram_link(page))  # someone who saw Ann's screen tries her link first
    await ann.fake.wait_until(
        lambda: "Another Telegram account opened your link" in ann.last.text, what="Ann's warning"
    )
    await connect(ann, browser, google)  # her own /start of a new link links her Gmail
    assert [r.user_id for r in await _accounts(bot)] == [ANN]


@pytest.mark.parametrize("spoil", ["replay", "expire"])
async def test_spent_or_expired_link_is_told_and_changes_nothing(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, clock: FakeClock, spoil: str
) -> None:
    await onboard(ann)
    page = await connect(ann, browser, google) if spoil == "replay" else await consent(ann, browser, google)
    clock.advance(minutes=11 if spoil == "expire" else 0)
    rows = await _accounts(bot)
    (answer,) = await ann.open_link(telegram_link(page))
    assert "This link no longer works" in answer.text
    assert [r.tokens_enc for r in await _accounts(bot)] == [r.tokens_enc for r in rows]


@pytest.mark.parametrize("start", ["link-" + "A" * 42, "link-" + "A" * 43 + "x", "link-" + "!" * 43, "link-"])
async def test_malformed_link_parameter_is_an_ordinary_start(ann: Chat, bot: BotRuntime, start: str) -> None:
    await onboard(ann)
    replies = await ann.say(f"/start {start}")
    assert replies and all("This link" not in r.text for r in replies)
    assert await _accounts(bot) == []


async def test_abandoned_link_expires_and_stores_nothing(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, clock: FakeClock
) -> None:
    await onboard(ann)
    await consent(ann, browser, google)
    clock.advance(minutes=11)
    again = await browser.open(f"{bot.web_url}/oauth/finish")
    assert "This link has expired" in visible_text(again)
    assert await _accounts(bot) == []
    await ann.say("/connect")  # a new link purges the stale one and revokes its tokens
    assert len(google.revoked) == 1
    async with bot.engine.connect() as connection:
        pending = await connection.scalar(
            text("SELECT count(*) FROM oauth_states WHERE pending_enc IS NOT NULL")
        )
    assert pending == 0


async def test_forget_revokes_every_token_first(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser
) -> None:
    await onboard(ann)
    await connect(ann, browser, google, ALICE)
    await connect(ann, browser, google, "alice.work@gmail.com")
    await ann.say("/forget")
    await ann.tap("Yes, erase everything")
    assert len(google.revoked) == 2
    assert await _accounts(bot) == []


async def test_expired_access_token_is_refreshed_and_kept(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser
) -> None:
    await onboard(ann)
    await connect(ann, browser, google)
    before = (await _accounts(bot))[0].tokens_enc
    google.expire_access_tokens()
    replies = await ann.say("/accounts")
    assert "alice@gmail.com: connected" in replies[0].text
    assert (await _accounts(bot))[0].tokens_enc != before


async def test_invalid_grant_marks_reconnect_and_tells_once(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser
) -> None:
    await onboard(ann)
    await connect(ann, browser, google)
    google.invalidate_refresh_tokens(ALICE)
    google.expire_access_tokens()
    replies = await ann.say("/accounts")
    await ann.fake.wait_until(
        lambda: any("no longer lets me use" in m.text for m in ann.messages), what="notice"
    )
    assert any("needs reconnecting" in r.text for r in replies) or "needs reconnecting" in (
        (await ann.say("/accounts"))[0].text
    )
    await ann.say("/accounts")
    assert sum("no longer lets me use" in m.text for m in ann.messages) == 1
    rows = await _accounts(bot)
    assert rows[0].state == AccountState.NEEDS_RECONNECT.value
    async with bot.engine.connect() as connection:
        actions = (await connection.execute(select(AuditRecord.action))).scalars().all()
    assert actions.count("refresh_failed") == 1


async def test_burst_of_callbacks_is_limited_and_chat_keeps_working(ann: Chat, bot: BotRuntime) -> None:
    await onboard(ann)
    async with httpx.AsyncClient(timeout=30) as client:
        burst = [
            client.get(
                f"{bot.web_url}/oauth/callback", params={"state": f"forged-{i:04d}-xxxxxxxxxx", "code": "c"}
            )
            for i in range(300)
        ]
        ann.fake.send_message(ann.user, "/help")
        responses = await asyncio.gather(*burst)
    await ann.fake.wait_until(lambda: "What I can do" in ann.last.text, timeout=10, what="the help answer")
    locations = [r.headers.get("location", "") for r in responses]
    assert all(r.status_code == 303 for r in responses)
    assert sum("r=busy" in loc for loc in locations) > 200


async def test_connect_on_a_bot_without_google_says_it_is_not_set_up(
    bot_env: dict[str, str], clock: FakeClock, telegram: FakeTelegram, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOOGLE_CLIENT_ID", "")
    runtime = BotRuntime(load_settings(), clock=clock)
    watch_busy(telegram, runtime)
    await runtime.start()
    try:
        ann = Chat(telegram, telegram.user(1001, first_name="Ann", username="ann", language_code="en"))
        await onboard(ann)

        replies = await ann.say("/connect")
        accounts = await ann.say("/accounts")
        scan = await ann.say("/scan")
    finally:
        await runtime.stop()

    assert [r.text for r in replies] == ["Connecting Gmail is not set up on this bot yet."]
    assert [r.text for r in accounts] == ["No Gmail account is connected. /connect adds one."]
    assert [r.text for r in scan] == ["Connect a Gmail account first: /connect"]


async def test_connect_message_of_a_published_project_promises_no_expiry(
    ann: Chat, bot: BotRuntime, google: FakeGoogle
) -> None:
    await onboard(ann)
    (message,) = await ann.say("/connect")
    assert "Google hasn't verified this app" in message.text
    assert "7 days" not in message.text
