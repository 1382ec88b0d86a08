"""FakeTelegram: a Bot API server on loopback plus the control API a test drives it with."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

from bot.sandbox.telegram.models import RateLimits, SentMessage, TelegramGroup, TelegramUser
from bot.sandbox.telegram.records import Records
from bot.sandbox.telegram.server import ServerThread
from bot.sandbox.telegram.spec import SpecChecker, find_spec_path
from bot.sandbox.telegram.state import FakeState, InjectedFailure

_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]{3,32})?(?=\s|$)")
# https://core.telegram.org/bots/features#deep-linking: A-Z, a-z, 0-9, _ and -, at most 64 characters.
_START_PARAMETER = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class NotADeepLink(ValueError):
    """A URL that Telegram would not open as this bot's chat with a start parameter."""


class FakeTelegram(Records):
    """A fake Telegram Bot API server on a loopback port, served from its own thread.

    Point the bot at `start()`'s root URL: `<root>/bot<token>/<method>`. The test side plays the users
    (`user`, `send_message`, `tap`), injects faults (`fail_next`, `block`) and reads what the bot did
    (`messages`, `calls`, `answered_callbacks`, `delivered`, `spec_violations`). Every method here is
    thread-safe; the `wait_*` coroutines poll without blocking the caller's event loop.
    """

    def __init__(
        self,
        token: str = "123456:TEST-token",
        enforce_limits: bool = False,
        spec_path: Path | str | None = None,
        *,
        rate_limits: RateLimits | None = None,
        bot_username: str = "fake_test_bot",
    ) -> None:
        path = Path(spec_path) if spec_path is not None else find_spec_path()
        spec = SpecChecker.load(path) if path is not None and path.is_file() else None
        self._state = FakeState(
            token, bot_username=bot_username, spec=spec, limits=rate_limits or RateLimits()
        )
        self._state.enforce_limits = enforce_limits
        self._server: ServerThread | None = None
        self._query_ids = itertools.count(4_000_000_001)
        self.token = token
        self.bot_username = bot_username
        self.url = ""

    # Lifecycle

    def start(self, port: int = 0) -> str:
        """Serve on 127.0.0.1 (`port` 0 picks a free one) and return the root URL."""
        if self._server is None:
            self._server = ServerThread(self._state, port=port)
            self._server.start()
            self.url = self._server.url
        return self.url

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None

    def __enter__(self) -> FakeTelegram:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def has_spec(self) -> bool:
        return self._state.spec is not None

    @property
    def enforce_limits(self) -> bool:
        with self._state.lock:
            return self._state.enforce_limits

    @enforce_limits.setter
    def enforce_limits(self, value: bool) -> None:
        with self._state.lock:
            self._state.enforce_limits = value

    # People and chats

    def user(
        self, id: int, first_name: str = "Ann", username: str | None = None, language_code: str | None = "en"
    ) -> TelegramUser:
        """Create (or replace) a user; their private chat with the bot exists from now on."""
        user = TelegramUser(id, first_name, username, language_code)
        with self._state.lock:
            self._state.chats.users[id] = user
        return user

    def group(self, id: int, title: str = "Group") -> TelegramGroup:
        if id >= 0:
            raise ValueError("group ids are negative")
        group = TelegramGroup(id, title)
        with self._state.lock:
            self._state.chats.groups[id] = group
        return group

    def block(self, user_id: int) -> None:
        """The user blocks the bot: sending to them fails with 403 from now on."""
        with self._state.lock:
            self._state.chats.blocked.add(user_id)

    def unblock(self, user_id: int) -> None:
        with self._state.lock:
            self._state.chats.blocked.discard(user_id)

    # What users do

    def send_message(self, user: TelegramUser, text: str, chat: TelegramGroup | None = None) -> int:
        """The user writes `text` in their private chat (or in `chat`); returns the update_id."""
        state = self._state
        with state.lock:
            chat_id = chat.id if chat is not None else user.id
            message = state.chats.add(chat_id, sender=user.to_api(), from_bot=False, text=text)
            command = _COMMAND.match(text)
            if command:
                message.entities = [{"type": "bot_command", "offset": 0, "length": command.end()}]
            update_id = state.updates.push("message", message.to_api())
            state.notify()
        return update_id

    def open_deep_link(self, user: TelegramUser, url: str) -> int:
        """The user opens `<any t.me root>/<bot username>?start=<parameter>`: Telegram's app opens the
        chat with the bot and sends `/start <parameter>` from the user; returns the update_id."""
        parts = urlsplit(url)
        parameters = parse_qs(parts.query)
        starts = parameters.get("start", [])
        if parts.path.rstrip("/").rsplit("/", 1)[-1] != self.bot_username or len(starts) != 1:
            raise NotADeepLink("not a start link of this bot")
        if not _START_PARAMETER.match(starts[0]):
            raise NotADeepLink("a start parameter is 1 to 64 of A-Z, a-z, 0-9, _ and -")
        return self.send_message(user, f"/start {starts[0]}")

    def send_document(
        self,
        user: TelegramUser,
        content: bytes,
        file_name: str,
        mime_type: str = "application/octet-stream",
        chat: TelegramGroup | None = None,
    ) -> int:
        """The user sends a file (in their private chat or in `chat`); the bot can fetch it with getFile."""
        state = self._state
        with state.lock:
            chat_id = chat.id if chat is not None else user.id
            message = state.chats.add(chat_id, sender=user.to_api(), from_bot=False, text="")
            message.document = state.chats.store_file(file_name, mime_type, content)
            update_id = state.updates.push("message", message.to_api())
            state.notify()
        return update_id

    def tap(self, user: TelegramUser, message: SentMessage | int, callback_data: str) -> str:
        """The user taps a button carrying `callback_data` on a bot message; returns the query id.

        `message` is a SentMessage or a message id in the user's private chat. The data is not checked
        against the keyboard, so a test can also forge it.
        """
        state = self._state
        chat_id, message_id = (
            (message.chat_id, message.message_id) if isinstance(message, SentMessage) else (user.id, message)
        )
        with state.lock:
            stored = state.chats.get(chat_id, message_id)
            if stored is None or not stored.from_bot:
                raise ValueError(f"no bot message {message_id} in chat {chat_id}")
            query_id = str(next(self._query_ids))
            query = {
                "id": query_id,
                "from": user.to_api(),
                "message": stored.to_api(),
                "chat_instance": str(abs(chat_id) * 7919),
                "data": callback_data,
            }
            state.pending_callbacks[query_id] = (chat_id, message_id)
            state.query_updates[query_id] = state.updates.push("callback_query", query)
            state.notify()
        return query_id

    # Faults

    def garble_next(self, method: str, result: Any) -> None:
        """Answer the next call of `method` "ok" but with `result` in place of a well-formed one."""
        with self._state.lock:
            self._state.garbled.setdefault(method.lower(), []).append(result)

    def fail_next(
        self, method: str, error_code: int, description: str, retry_after: int | None = None, times: int = 1
    ) -> None:
        """Answer the next `times` calls of `method` with this error instead of running them."""
        with self._state.lock:
            failure = InjectedFailure(error_code, description, retry_after, times)
            self._state.failures.setdefault(method.lower(), []).append(failure)
