"""A whole journey in German: no English text of the bot's own reaches the chat."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from bot.app import BotRuntime
from bot.i18n.extract import HERE, extract
from bot.sandbox.google import FakeGoogle
from bot.sandbox.telegram import FakeTelegram
from tests.clock import FakeClock
from tests.e2e.browser import Browser
from tests.fakes.chat import Chat
from tests.transcripts.journey import add_mailbox, journey
from tests.transcripts.recorder import RecordingChat

_PLACEHOLDER_OR_TAG = re.compile(r"\{\w+\}|<[^>]+>")
MIN_FRAGMENT = 12  # shorter pieces ("Gmail", "OK", "«") are names or symbols as often as English words


def english_texts() -> tuple[set[str], set[str]]:
    """The msgids whose German differs (a button or message must not be one of them), and the literal runs
    between their placeholders long enough to be English prose wherever they appear."""
    with (HERE / "de" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        # Only a translation written out as the same text counts as the same; a missing one does not.
        same = {m.id for m in read_po(handle, locale="de") if m.id and m.string == m.id}
    whole: set[str] = set()
    fragments: set[str] = set()
    for message in extract():
        if not message.id:
            continue
        for source in (message.id,) if isinstance(message.id, str) else message.id:
            if message.id in same:
                continue  # the same in both languages (a brand, a symbol)
            whole.add(source)
            for piece in _PLACEHOLDER_OR_TAG.split(source):
                piece = piece.strip(" \n.,:;()")
                if len(piece) >= MIN_FRAGMENT:
                    fragments.add(piece)
    return whole, fragments


def _without_letter(text: str) -> str:
    """The preview's text without the letter itself, which is in the company's language."""
    facts = re.search(r"Dieses Schreiben ist auf [^\n]*\n", text)
    return text[: facts.end()] if facts else text


@pytest.fixture
def german_mailbox(google: FakeGoogle) -> None:
    add_mailbox(google)


async def test_german_journey_shows_no_english_text(
    telegram: FakeTelegram,
    bot: BotRuntime,
    google: FakeGoogle,
    browser: Browser,
    clock: FakeClock,
    german_mailbox: None,
) -> None:
    user = telegram.user(1003, first_name="Anna", username="anna", language_code="de")
    chat = RecordingChat(Chat(telegram, user, timeout=30))
    await journey(chat, language="de", google=google, browser=browser, clock=clock)
    whole, fragments = english_texts()
    seen = [_without_letter(text) for text in chat.seen_texts()]
    leaks = {f"{fragment!r} in {text[:80]!r}" for text in seen for fragment in fragments if fragment in text}
    leaks |= {f"{text!r}" for text in seen if text.strip() in whole}
    assert sorted(leaks) == []


async def test_start_first_answers_in_the_telegram_language(telegram: FakeTelegram, bot: BotRuntime) -> None:
    chat = Chat(telegram, telegram.user(1004, first_name="Jo", language_code="de-AT"))
    (reply,) = await chat.say("/requests")
    assert reply.text == "Sende zuerst /start."
