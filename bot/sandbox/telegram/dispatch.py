"""Runs one Bot API call against the state: method lookup, spec check, injected faults, flood control."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from bot.sandbox.telegram import bot_methods, errors, message_methods
from bot.sandbox.telegram.errors import ApiError
from bot.sandbox.telegram.limits import is_counted
from bot.sandbox.telegram.models import Delivery
from bot.sandbox.telegram.state import FakeState

Handler = Callable[[FakeState, dict[str, Any]], Any]

# getUpdates is listed for lookup; the server answers it itself because it waits (long polling).
METHODS: dict[str, Handler | None] = {**bot_methods.HANDLERS, **message_methods.HANDLERS, "getUpdates": None}


def begin_call(state: FakeState, name: str, params: dict[str, Any]) -> str:
    """Return the canonical method name after the checks every call gets; raise ApiError to refuse it."""
    method = state.canonical_method(name, METHODS)
    state.check_spec(method or name, params)
    if method is None:
        raise ApiError(404, errors.NOT_FOUND)
    if method not in METHODS:
        raise ApiError(404, f"{errors.NOT_FOUND}: the fake does not implement {method} yet")
    state.raise_injected_failure(method)
    return method


def run_call(state: FakeState, method: str, params: dict[str, Any]) -> Any:
    """Run an ordinary (not long-polling) method; record it as a delivery when it produced a message."""
    state.admit(method, params)
    handler = METHODS[method]
    assert handler is not None, method
    result = handler(state, params)
    garbled = state.garbled.get(method.lower())
    if garbled:
        return garbled.pop(0)
    if is_counted(method) and isinstance(result, dict) and "chat" in result:
        text = result.get("text") or result.get("caption") or ""
        state.deliveries.append(Delivery(result["chat"]["id"], method, text, time.monotonic()))
    return result
