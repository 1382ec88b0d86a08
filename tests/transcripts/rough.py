"""A rough day for the bot, written down as a person sees it: `python -m tests.transcripts.rough OUT [en|de]`.

The committed transcripts show the happy path. This one is for reading before a release, as a stranger
would: the fake Telegram enforces its flood limits while the bot paces with Telegram's real ones, Gmail
fails a fifth of the scan's calls, loses its answer after filing a letter, refuses another one outright,
and a broker answers with an identity demand, an auto-reply and a bounce. It prints what broke the rules
(rate-limit and Bot API spec violations, fake-Google server errors) and how many letters each broker got.
"""

from __future__ import annotations

import asyncio
import os
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

from bot.app import BotRuntime
from bot.config import load_settings
from bot.i18n import Text
from bot.rate_limit import FloodLimits
from bot.sandbox.google import FakeGoogle, SendFault
from bot.sandbox.telegram import FakeTelegram, SentMessage
from tests.clock import FakeClock
from tests.e2e.browser import Browser
from tests.e2e.conftest import TOKEN, bot_environment, free_port, watch_busy
from tests.e2e.letters import UNDO_SECONDS
from tests.fakes.chat import Chat
from tests.transcripts.journey import ALICE, LANGUAGE_BUTTON, SEND_TO, SWITCH, add_mailbox, connect
from tests.transcripts.recorder import RecordingChat

YES = re.compile(r"^(Yes, send|Ja, )")
REGION = {
    "en": ("United States", re.compile("^California$")),
    "de": ("EU / EWR", re.compile("^Deutschland$")),
}


def _letters_by_recipient(google: FakeGoogle) -> Counter[str]:
    return Counter(address for mail in google.sent_mail(ALICE) for address in mail.to)


async def _onboard(chat: RecordingChat, t: Text, language: str) -> None:
    await chat.say("hello?")  # before /start
    await chat.say("/start")
    await chat.tap(t("I agree, let's start"))
    await chat.say("x")  # too short for a name
    await chat.say("Ann Example")
    await chat.say("not an address")
    await chat.tap(t("Skip"))
    await chat.tap(t("Skip"))
    region, country = REGION[language]
    await chat.tap(region)
    await chat.tap(country)
    await chat.tap(LANGUAGE_BUTTON[language])


async def _send_one(
    chat: RecordingChat, t: Text, google: FakeGoogle, clock: FakeClock, card: SentMessage
) -> None:
    """Preview and send the card's letter while Gmail files it and then loses its answer."""
    (preview,) = await chat.tap(t("Preview"), message=card)
    if any(SWITCH.search(label) for label in preview.button_texts):
        await chat.tap(SWITCH, message=preview)
    google.fail_sends(SendFault.ERROR_AFTER)
    await chat.tap(SEND_TO, message=preview)
    chat.note("(Gmail files the letter, then its answer is lost: a 500 after the effect.)")

    def status() -> SentMessage:
        current = chat.chat.fake.message(chat.chat.chat_id, preview.message_id)
        assert current is not None
        return current

    clock.advance(seconds=UNDO_SECONDS)
    await chat.wait_for(lambda: t("Undo") not in status().button_texts, "the end of the undo window")
    clock.advance(seconds=120)
    await chat.wait_for(lambda: "✅" in status().text, "the sent check", within=90)


async def _replies(chat: RecordingChat, google: FakeGoogle, clock: FakeClock) -> None:
    sent = google.sent_mail(ALICE)[0]
    domain = sent.to[0].split("@", 1)[1]
    for sender, body in (
        (f"Privacy <privacy@{domain}>", "Before we can act on your request, please send a copy of your ID."),
        (f"Support <support@{domain}>", "I am out of the office until Monday and will reply then."),
    ):
        google.deliver(
            ALICE, sender, f"Re: {sent.subject}", body, thread_id=sent.thread_id, in_reply_to=sent.message_id
        )
    chat.note("(The broker asks for an ID, then an out-of-office arrives.)")
    count = len(chat.chat.messages)
    clock.advance(hours=1)
    await chat.wait_for(lambda: len(chat.chat.messages) > count, "the reply notice", within=60)


async def rough_journey(
    chat: RecordingChat, *, language: str, google: FakeGoogle, browser: Browser, clock: FakeClock
) -> None:
    t = Text(language)
    await _onboard(chat, t, language)
    await connect(chat, t, browser, google)
    google.set_fault_rate(0.2)
    chat.note("(A fifth of Gmail's answers during the scan are errors.)")
    await chat.tap(t("Scan my inbox"))
    await chat.wait_for(
        lambda: t("Review deletion requests") in chat.chat.last.button_texts, "the scan report", within=120
    )
    google.set_fault_rate(0.0)
    cards = await chat.tap(t("Review deletion requests"))
    named = [m for m in cards if t("Preview") in m.button_texts]
    await _send_one(chat, t, google, clock, named[0])
    skip_card = named[1]
    await chat.tap(t("Skip"), message=skip_card)
    await chat.tap(t("Undo"), message=skip_card)
    await chat.tap(t("Skip"), message=skip_card)
    await chat.tap(re.compile(r"^(Send all|Alle) "))  # the batch button under the cards, now stale
    await chat.say("/review")
    report = next(m for m in reversed(chat.chat.messages) if t("Ask them too") in m.button_texts)
    await chat.tap(t("Ask them too"), message=report)  # the well-known brokers: drafts for each
    google.fail_sends(SendFault.ERROR_BEFORE)
    chat.note("(Gmail refuses the next letter with a 500 before filing it.)")
    await chat.tap(re.compile(r"^(Send all|Alle) "))
    await chat.tap(t("Cancel"))
    confirm = (await chat.tap(re.compile(r"^(Send all|Alle) ")))[-1]
    while not any(YES.search(label) for label in confirm.button_texts):  # every recipient seen first
        confirm = (await chat.tap(re.compile("›"), message=confirm))[-1]
    await chat.tap(YES, message=confirm)
    clock.advance(seconds=UNDO_SECONDS)
    await chat.wait_for(lambda: len(google.sent_mail(ALICE)) > 1, "the batch's letters", within=60)
    clock.advance(seconds=120)
    await chat.wait_for(
        lambda: t("Try again") in chat.chat.last.button_texts, "the refused letter's Retry", within=60
    )
    await _replies(chat, google, clock)
    await chat.say("/requests")
    await chat.say("/status")
    chat.note("(45 days later.)")
    count = len(chat.chat.messages)
    clock.advance(days=45)
    await chat.wait_for(lambda: len(chat.chat.messages) > count, "the overdue reminder", within=60)
    for command in ("/report", "/settings", "/privacy", "/help", "/disconnect"):
        await chat.say(command)
    await chat.tap(re.compile(f"^{re.escape(t('Disconnect {address}', address=ALICE))}$"))
    await chat.tap(t("Cancel"))


async def record(language: str, folder: Path) -> tuple[RecordingChat, str]:
    port = free_port()
    telegram = FakeTelegram(token=TOKEN, enforce_limits=True)
    google = FakeGoogle(redirect_uris=(f"http://127.0.0.1:{port}/oauth/callback",))
    telegram.start()
    google.start()
    saved = dict(os.environ)
    try:
        database = f"sqlite+aiosqlite:///{folder / 'rough.db'}"
        os.environ.update(
            bot_environment(telegram, google, port=port, database_url=database, folder=folder),
            LOG_LEVEL="WARNING",
        )
        add_mailbox(google)
        clock = FakeClock()
        runtime = BotRuntime(load_settings(), clock=clock, flood_limits=FloodLimits())
        watch_busy(telegram, runtime)
        browser = Browser()
        await runtime.start()
        chat = RecordingChat(
            Chat(
                telegram,
                telegram.user(1001, first_name="Ann", username="ann", language_code=language),
                timeout=30,
            )
        )
        failure = ""
        try:
            await rough_journey(chat, language=language, google=google, browser=browser, clock=clock)
        except (TimeoutError, LookupError, AssertionError) as error:
            failure = f"THE JOURNEY STOPPED: {error!r}; "
        finally:
            await runtime.stop()
            await browser.close()
        letters = _letters_by_recipient(google)
        summary = failure + (
            f"rate-limit violations {telegram.rate_limit_violations}, "
            f"spec violations {len(telegram.spec_violations)}, "
            f"fake-Google server errors {len(google.server_errors)}, letters {sum(letters.values())}, "
            f"most to one address {max(letters.values(), default=0)}"
        )
        return chat, summary
    finally:
        os.environ.clear()
        os.environ.update(saved)
        google.stop()
        telegram.stop()


def main() -> None:
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    target = Path(sys.argv[1])
    languages = sys.argv[2:] or ["en", "de"]
    target.mkdir(parents=True, exist_ok=True)
    for language in languages:
        with tempfile.TemporaryDirectory() as folder:
            chat, summary = asyncio.run(record(language, Path(folder)))
        path = target / f"rough-{language}.md"
        path.write_text(chat.markdown(f"A rough day ({language})") + f"\n---\n{summary}\n", encoding="utf-8")
        print(path, summary)


if __name__ == "__main__":
    main()
