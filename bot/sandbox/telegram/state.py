"""Everything the fake server knows, behind one lock shared by the server thread and the test."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.sandbox.telegram import errors
from bot.sandbox.telegram.errors import ApiError
from bot.sandbox.telegram.limits import FloodControl
from bot.sandbox.telegram.models import AnsweredCallback, Call, Delivery, RateLimits
from bot.sandbox.telegram.spec import SpecChecker
from bot.sandbox.telegram.store import ChatStore
from bot.sandbox.telegram.updates import UpdateQueue
from bot.sandbox.telegram.validation import require


@dataclass(slots=True)
class InjectedFailure:
    error_code: int
    description: str
    retry_after: int | None
    remaining: int


class FakeState:
    """Chats, updates, records and settings. Hold `lock` for every read or write."""

    def __init__(
        self, token: str, *, bot_username: str, spec: SpecChecker | None, limits: RateLimits
    ) -> None:
        self.lock = threading.RLock()
        self.token = token
        self.bot: dict[str, Any] = {
            "id": int(token.split(":", 1)[0]),
            "is_bot": True,
            "first_name": "Test Bot",
            "username": bot_username,
        }
        self.chats = ChatStore()
        self.updates = UpdateQueue()
        self.spec = spec
        self.flood = FloodControl(limits)
        self.enforce_limits = False
        self.calls: list[Call] = []
        self.deliveries: list[Delivery] = []
        self.spec_violations: list[str] = []
        self.failures: dict[str, list[InjectedFailure]] = {}
        self.garbled: dict[str, list[Any]] = {}  # results sent instead of the real one, next call first
        self.pending_callbacks: dict[str, tuple[int, int]] = {}
        self.query_updates: dict[str, int] = {}
        self.answered: dict[str, AnsweredCallback] = {}
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.webhook: dict[str, Any] = {}
        self.menu_buttons: dict[int | None, dict[str, Any]] = {}
        self.last_activity = 0.0
        self.notify: Callable[[], None] = lambda: None
        self.bot_busy: Callable[[], bool] = lambda: False  # set by a test that runs the bot in-process
        # Set with bot_busy: whether the bot finished handling an update (not just fetched it).
        self.bot_handled: Callable[[int], bool] = lambda update_id: True

    def canonical_method(self, name: str, implemented: Mapping[str, object]) -> str | None:
        by_lower = {method.lower(): method for method in implemented}
        return by_lower.get(name.lower()) or (self.spec.canonical(name) if self.spec else None)

    def check_spec(self, method: str, params: dict[str, Any]) -> None:
        if self.spec is not None:
            self.spec_violations.extend(self.spec.violations(method, params))

    def raise_injected_failure(self, method: str) -> None:
        queue = self.failures.get(method.lower())
        if not queue:
            return
        failure = queue[0]
        failure.remaining -= 1
        if failure.remaining <= 0:
            queue.pop(0)
        raise ApiError(failure.error_code, failure.description, retry_after=failure.retry_after)

    def admit(self, method: str, params: dict[str, Any]) -> None:
        """Apply flood control to a call, when limits are enforced; refuse it with 429 if over."""
        if not self.enforce_limits:
            return
        chat_id = params.get("chat_id")
        resolved = None if chat_id is None else self.chats.resolve_chat(chat_id)
        refusal = self.flood.admit(method, resolved)
        if refusal is not None:
            raise errors.flood(refusal.retry_after)

    def target_chat(self, params: dict[str, Any]) -> int:
        """The chat a sending call addresses; refused when the user blocked the bot."""
        chat_id = self.chats.resolve_chat(require(params, "chat_id"))
        if chat_id in self.chats.blocked:
            raise ApiError(403, errors.BLOCKED)
        return chat_id

    def record(self, call: Call) -> None:
        self.calls.append(call)
        if call.method != "getUpdates":
            self.last_activity = time.monotonic()
