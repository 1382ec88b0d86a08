"""Benchmark the chat under load: N people onboarding, reviewing and listing requests at once, one flooding.

    python bench/updates.py --users 200 [--seconds 90] [--think 20] [--sequential]
                            [--database-url postgresql+asyncpg://...]

The real bot (BotRuntime) runs against FakeTelegram enforcing Telegram's flood limits. Each simulated
person onboards (/start, consent, name, skips, region, country, language) and then asks for /review,
/requests and /help, thinking about --think seconds between steps; a step's latency runs from the update
to the bot's first answer (a message, an edit or the answer to a tap). Halfway through, one more person
sends --flood updates in 2 s; p99_ms_while_flooded covers the others' steps in the 15 s from then.
--sequential handles updates one at a time (PTB's default) for comparison.
The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# PTB 22 warns on every RetryAfter unless told to use timedelta values.
os.environ.setdefault("PTB_TIMEDELTA", "1")

from telegram.ext import SimpleUpdateProcessor

import bot.app
from bot.app import BotRuntime
from bot.config import load_settings
from bot.sandbox.telegram import FakeTelegram, SentMessage, TelegramUser
from storage.crypto import generate_key

TOKEN = "123456:BENCH-token"
FIRST_USER_ID = 20_000_000
ANSWER_TIMEOUT = 15.0
ONBOARDING = [
    ("say", "/start"),
    ("tap", "I agree, let's start"),
    ("say", "Ann Example"),
    ("tap", "Skip"),
    ("tap", "Skip"),
    ("tap", "EU / EEA"),
    ("tap", "Germany"),
    ("tap", "English"),
]
AFTERWARDS = [("say", "/review"), ("say", "/requests"), ("say", "/help")]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=90.0, help="how long people keep acting")
    parser.add_argument("--think", type=float, default=20.0, help="mean seconds between a person's steps")
    parser.add_argument("--flood", type=int, default=100, help="updates the flooder sends in 2 s")
    parser.add_argument("--database-url", help="an empty database (default: a fresh SQLite file)")
    parser.add_argument("--sequential", action="store_true", help="one update at a time (the old way)")
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args()


@dataclass
class Tally:
    latencies: list[tuple[float, float]] = field(default_factory=list)  # (sent at, seconds)
    updates: int = 0
    dropped: int = 0
    errors: list[str] = field(default_factory=list)


class Answers:
    """Watches the fake's calls and wakes whoever waits for an answer in a chat or to a tap."""

    def __init__(self, fake: FakeTelegram) -> None:
        self._fake = fake
        self._seen = 0
        self._waiters: dict[int | str, tuple[float, asyncio.Future[float]]] = {}

    def expect(self, key: int | str, since: float) -> asyncio.Future[float]:
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self._waiters[key] = (since, future)
        return future

    async def watch(self) -> None:
        while True:
            calls = self._fake.calls_since(self._seen)
            self._seen += len(calls)
            for call in calls:
                if call.status != 200:
                    continue
                key = _answer_key(call.method, call.params)
                waiter = self._waiters.get(key) if key is not None else None
                if key is not None and waiter is not None and call.at >= waiter[0]:
                    if not waiter[1].done():
                        waiter[1].set_result(call.at)
                    del self._waiters[key]
            await asyncio.sleep(0.005)


def _answer_key(method: str, params: dict[str, Any]) -> int | str | None:
    """Whom a call answers: the tap's query id, or the chat a message went to."""
    if method == "answerCallbackQuery":
        return str(params.get("callback_query_id"))
    chat = params.get("chat_id")
    if isinstance(chat, str) and chat.lstrip("-").isdigit():
        return int(chat)
    return chat if isinstance(chat, int) else None


class Person:
    def __init__(self, fake: FakeTelegram, user: TelegramUser, answers: Answers, tally: Tally) -> None:
        self.fake, self.user, self.answers, self.tally = fake, user, answers, tally

    async def step(self, kind: str, what: str) -> None:
        if kind == "tap":
            message = await self._button_message(what)
            if message is None:
                self.tally.errors.append(f"no button {what!r}")
                print(f"error: person {self.user.id} found no button {what!r}", file=sys.stderr)
                return
            data = next(b.callback_data for row in message.buttons for b in row if b.text == what)
            sent = time.monotonic()
            query = self.fake.tap(self.user, message, data or "")
            waiting = self.answers.expect(query, sent)
        else:
            sent = time.monotonic()
            waiting = self.answers.expect(self.user.id, sent)
            self.fake.send_message(self.user, what)
        self.tally.updates += 1
        try:
            answered = await asyncio.wait_for(waiting, ANSWER_TIMEOUT)
        except TimeoutError:
            self.tally.dropped += 1
            return
        self.tally.latencies.append((sent, answered - sent))

    async def _button_message(self, text: str) -> SentMessage | None:
        deadline = time.monotonic() + ANSWER_TIMEOUT
        while time.monotonic() < deadline:
            for message in reversed(self.fake.messages(self.user.id)):
                if text in message.button_texts:
                    return message
            await asyncio.sleep(0.1)
        return None

    async def live(self, until: float, think: float, rng: random.Random) -> None:
        await asyncio.sleep(rng.uniform(0, think))
        steps = iter(ONBOARDING)
        while time.monotonic() < until:
            kind, what = next(steps, None) or rng.choice(AFTERWARDS)
            await self.step(kind, what)
            await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))


class ErrorCount(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
        print(f"error: {record.name}: {record.getMessage()[:200]}", file=sys.stderr)


def configure(fake: FakeTelegram, url: str, folder: Path) -> None:
    env = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": fake.url,
        "DATABASE_URL": url,
        "DATA_DIR": str(folder / "data"),
        "ENCRYPTION_KEYS": generate_key(),
        "WEB_HOST": "127.0.0.1",
        "WEB_PORT": "0",
        "PUBLIC_URL": "http://127.0.0.1:9",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)


async def run(args: argparse.Namespace, fake: FakeTelegram, url: str) -> dict[str, object]:
    if args.sequential:
        # The processor build_application wires in, swapped for PTB's one-at-a-time default.
        setattr(bot.app, "ChatOrderedProcessor", lambda: SimpleUpdateProcessor(1))  # noqa: B010
    runtime = BotRuntime(load_settings())
    errors = ErrorCount()
    logging.getLogger().addHandler(errors)
    await runtime.start()
    tally, rng = Tally(), random.Random(args.seed)
    answers = Answers(fake)
    watcher = asyncio.create_task(answers.watch())
    people = [Person(fake, fake.user(FIRST_USER_ID + n), answers, tally) for n in range(args.users)]
    flooder = fake.user(FIRST_USER_ID - 1, first_name="Flo")
    started = time.monotonic()
    until = started + args.seconds
    flood_at = started + args.seconds / 2
    lives = [asyncio.create_task(person.live(until, args.think, rng)) for person in people]
    await asyncio.sleep(flood_at - time.monotonic())
    for n in range(args.flood):
        fake.send_message(flooder, f"/help {n}")
        await asyncio.sleep(2.0 / args.flood)
    await asyncio.gather(*lives)
    seconds = time.monotonic() - started
    watcher.cancel()
    await runtime.stop()
    flooded = [s for sent, s in tally.latencies if flood_at <= sent <= flood_at + 15]
    everyone = [s for _, s in tally.latencies]
    return {
        "users": args.users,
        "updates": tally.updates + args.flood,
        "updates_per_second": round((tally.updates + args.flood) / seconds, 1),
        "p50_ms": _ms(everyone, 50),
        "p99_ms": _ms(everyone, 99),
        "p99_ms_while_flooded": _ms(flooded, 99),
        "answered_while_flooded": len(flooded),
        "dropped": tally.dropped,
        "flooder_answers": len(fake.messages(flooder.id)),
        "rate_limit_violations": fake.rate_limit_violations,
        "errors": errors.count + len(tally.errors),
        "processing": "sequential" if args.sequential else "concurrent",
    }


def _ms(values: list[float], percent: int) -> float | None:
    if len(values) < 2:
        return None
    return round(statistics.quantiles(values, n=100, method="inclusive")[percent - 1] * 1000, 1)


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory() as folder, FakeTelegram(TOKEN, enforce_limits=True) as fake:
        url = args.database_url or f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        configure(fake, url, Path(folder))
        result = asyncio.run(run(args, fake, url))
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    result["database"] = "postgresql" if args.database_url else "sqlite"
    print(json.dumps(result))


if __name__ == "__main__":
    main()
