"""The bot's update queue: update ids, offsets and confirmation, as getUpdates defines them."""

from __future__ import annotations

import time
from typing import Any

# Without allowed_updates the API sends every type except these three (Bot API, getUpdates).
_OPT_IN_TYPES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


class UpdateQueue:
    """Unconfirmed updates in order. An update is confirmed once getUpdates asks with a higher offset."""

    def __init__(self) -> None:
        self._pending: list[dict[str, Any]] = []
        self._next_id = 1
        self._confirmed_below = 1
        self.confirmed_at = 0.0
        self.allowed: list[str] = []
        self.poll_generation = 0

    def push(self, kind: str, payload: dict[str, Any]) -> int:
        update_id = self._next_id
        self._next_id += 1
        self._pending.append({"update_id": update_id, kind: payload})
        return update_id

    def apply_offset(self, offset: int | None) -> None:
        """Forget updates below a positive offset; a negative one keeps only the last -offset updates."""
        if not offset:
            return
        if offset < 0:
            kept = self._pending[offset:]
            offset = kept[0]["update_id"] if kept else self._next_id
        if offset > self._confirmed_below:
            self._confirmed_below = offset
            self.confirmed_at = time.monotonic()
        self._pending = [update for update in self._pending if update["update_id"] >= offset]

    def drop_all(self) -> None:
        self.apply_offset(self._next_id)

    def set_allowed(self, allowed: list[str] | None) -> None:
        # Not passing allowed_updates keeps the previous setting (Bot API, getUpdates).
        if allowed is not None:
            self.allowed = list(allowed)

    def take(self, limit: int) -> list[dict[str, Any]]:
        deliverable = [update for update in self._pending if self._is_allowed(update)]
        # Updates of types the bot opted out of are dropped, as the real server never sends them.
        self._pending = deliverable
        return deliverable[: max(1, min(limit, 100))]

    def _is_allowed(self, update: dict[str, Any]) -> bool:
        kind = next(key for key in update if key != "update_id")
        return kind in self.allowed if self.allowed else kind not in _OPT_IN_TYPES

    def is_confirmed(self, update_id: int) -> bool:
        return update_id < self._confirmed_below

    @property
    def pending_count(self) -> int:
        return len(self._pending)
