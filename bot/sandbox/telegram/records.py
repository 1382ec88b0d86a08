"""Read-only views of what the bot did, as FakeTelegram exposes them to tests (thread-safe copies)."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from bot.sandbox.telegram.bot_methods import get_my_commands
from bot.sandbox.telegram.models import AnsweredCallback, Call, Delivery, SentMessage, Violation
from bot.sandbox.telegram.state import FakeState


class Records:
    """What the bot sent, called and answered; the base of FakeTelegram."""

    _state: FakeState

    def messages(self, chat_id: int, *, include_deleted: bool = False) -> list[SentMessage]:
        """The bot's messages in a chat, oldest first, each in its current state."""
        with self._state.lock:
            stored = self._state.chats.bot_messages(chat_id, include_deleted=include_deleted)
            return [message.snapshot() for message in stored]

    def conversation(self, chat_id: int) -> list[tuple[bool, SentMessage]]:
        """Both sides of a chat, oldest first, each as (from_bot, message): what the person's screen shows."""
        with self._state.lock:
            return [(m.from_bot, m.snapshot()) for m in self._state.chats.conversation(chat_id)]

    def answer_to(self, query_id: str) -> AnsweredCallback | None:
        """The bot's answer to a tap, once it answered."""
        with self._state.lock:
            return self._state.answered.get(query_id)

    def message(self, chat_id: int, message_id: int) -> SentMessage:
        with self._state.lock:
            for message in self._state.chats.bot_messages(chat_id, include_deleted=True):
                if message.message_id == message_id:
                    return message.snapshot()
        raise KeyError(f"no bot message {message_id} in chat {chat_id}")

    @property
    def calls(self) -> list[Call]:
        """Every Bot API request in the order the fake answered it."""
        with self._state.lock:
            return list(self._state.calls)

    def calls_since(self, index: int) -> list[Call]:
        """The requests after the first `index` ones (a cheap way to follow the calls as they come)."""
        with self._state.lock:
            return self._state.calls[index:]

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method.lower() == method.lower()]

    @property
    def answered_callbacks(self) -> dict[str, AnsweredCallback]:
        with self._state.lock:
            return dict(self._state.answered)

    @property
    def spec_violations(self) -> list[str]:
        with self._state.lock:
            return list(self._state.spec_violations)

    @property
    def rate_limit_violations(self) -> int:
        """How many calls the fake refused with 429 (over a limit, or before the retry_after passed)."""
        with self._state.lock:
            return len(self._state.flood.violations)

    @property
    def violations(self) -> list[Violation]:
        with self._state.lock:
            return list(self._state.flood.violations)

    @property
    def delivered(self) -> list[Delivery]:
        """Every successful message-producing call (sends and edits) in order, with its time."""
        with self._state.lock:
            return list(self._state.deliveries)

    def delivered_counts(self) -> Counter[int]:
        """Successful message-producing calls per chat id."""
        return Counter(delivery.chat_id for delivery in self.delivered)

    def commands(self, scope: dict[str, Any] | None = None, language_code: str = "") -> list[dict[str, Any]]:
        """The commands the bot set for a scope (None: the default scope) and language."""
        with self._state.lock:
            return get_my_commands(self._state, {"scope": scope, "language_code": language_code})

    @property
    def bot_busy(self) -> Callable[[], bool]:
        with self._state.lock:
            return self._state.bot_busy

    @bot_busy.setter
    def bot_busy(self, predicate: Callable[[], bool]) -> None:
        with self._state.lock:
            self._state.bot_busy = predicate

    @property
    def bot_handled(self) -> Callable[[int], bool]:
        with self._state.lock:
            return self._state.bot_handled

    @bot_handled.setter
    def bot_handled(self, predicate: Callable[[int], bool]) -> None:
        with self._state.lock:
            self._state.bot_handled = predicate

    @property
    def webhook_url(self) -> str:
        with self._state.lock:
            return str(self._state.webhook.get("url", ""))

    def is_confirmed(self, update_id: int) -> bool:
        with self._state.lock:
            return self._state.updates.is_confirmed(update_id)

    def update_id_for_query(self, query_id: str) -> int:
        with self._state.lock:
            return self._state.query_updates[query_id]

    # The timeout parameters are part of the fake's agreed test API, hence ASYNC109 is silenced.
    async def wait_processed(self, update_id: int, timeout: float = 10.0, quiet: float = 0.15) -> None:  # noqa: ASYNC109
        """Wait until the bot confirmed `update_id`, sent no request for `quiet` seconds and (when the test
        told the fake how to ask, `bot_busy` and `bot_handled`) has handled it and is handling no other
        update: a paced reply may be a second away, and a loaded machine may start the handler late."""

        def is_settled() -> bool:
            with self._state.lock:
                confirmed = self._state.updates.is_confirmed(update_id)
                since = max(self._state.last_activity, self._state.updates.confirmed_at)
                busy, handled = self._state.bot_busy, self._state.bot_handled
            return confirmed and handled(update_id) and time.monotonic() - since >= quiet and not busy()

        await self.wait_until(is_settled, timeout, f"update {update_id} was not processed")

    async def wait_until(self, predicate: Callable[[], bool], timeout: float = 10.0, what: str = "") -> None:  # noqa: ASYNC109
        """Poll `predicate` every 10 ms until it holds; raise TimeoutError after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise TimeoutError(f"{what or 'condition not met'} within {timeout} s")
            await asyncio.sleep(0.01)
