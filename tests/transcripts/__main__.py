"""Write docs/transcripts/<language>.md from the real bot against the fakes: `python -m tests.transcripts`."""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

from bot.app import BotRuntime
from bot.config import load_settings
from bot.sandbox.google import FakeGoogle
from bot.sandbox.telegram import FakeTelegram
from tests.clock import FakeClock
from tests.e2e.browser import Browser
from tests.e2e.conftest import TOKEN, bot_environment, free_port, watch_busy
from tests.fakes.chat import Chat
from tests.transcripts.journey import add_mailbox, journey
from tests.transcripts.recorder import RecordingChat

DOCS = Path(__file__).parent.parent.parent / "docs" / "transcripts"
TITLES = {"en": "A whole journey in English", "de": "Eine ganze Reise auf Deutsch"}


async def record(language: str, folder: Path) -> RecordingChat:
    """Run the journey in `language` against fresh fakes and a fresh SQLite database."""
    port = free_port()
    telegram = FakeTelegram(token=TOKEN)
    google = FakeGoogle(redirect_uris=(f"http://127.0.0.1:{port}/oauth/callback",))
    telegram.start()
    google.start()
    saved = dict(os.environ)
    try:
        database = f"sqlite+aiosqlite:///{folder / 'transcript.db'}"
        environment = bot_environment(telegram, google, port=port, database_url=database, folder=folder)
        os.environ.update(environment, LOG_LEVEL="WARNING")
        add_mailbox(google)
        clock = FakeClock()
        runtime = BotRuntime(load_settings(), clock=clock)
        watch_busy(telegram, runtime)
        browser = Browser()
        await runtime.start()
        try:
            user = telegram.user(1001, first_name="Ann", username="ann", language_code=language)
            chat = RecordingChat(Chat(telegram, user, timeout=30))
            await journey(chat, language=language, google=google, browser=browser, clock=clock)
        finally:
            await runtime.stop()
            await browser.close()
        return chat
    finally:
        os.environ.clear()
        os.environ.update(saved)
        google.stop()
        telegram.stop()


async def transcripts() -> dict[str, str]:
    """Each language's transcript as Markdown."""
    written = {}
    for language, title in TITLES.items():
        with tempfile.TemporaryDirectory() as folder:
            chat = await record(language, Path(folder))
        written[language] = chat.markdown(title)
    return written


def write_transcripts(target: Path) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    paths = []
    for language, text in asyncio.run(transcripts()).items():
        path = target / f"{language}.md"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    # PTB 22 warns on every RetryAfter unless told to use timedelta values.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    for written in write_transcripts(Path(sys.argv[1]) if len(sys.argv) > 1 else DOCS):
        print(written)
