"""Pushing a message to a person: the Notifier port, its values, and merging several pushes into one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

MAX_TEXT_LENGTH = 4096  # Bot API sendMessage.text, after entity parsing
MAX_BUTTONS = 100  # per message, undocumented (PTB InlineKeyboardMarkupLimit)
SEPARATOR = "\n\n"

Keyboard = tuple[tuple["Button", ...], ...]


@dataclass(frozen=True, slots=True)
class Button:
    """An inline button; `data` is the callback data (at most 64 bytes) the handlers understand."""

    text: str
    data: str


class DeliveryStatus(StrEnum):
    DELIVERED = "delivered"
    BLOCKED = "blocked"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Delivery:
    """What became of a push; `retryable` marks a failure worth trying again later (network, flood)."""

    status: DeliveryStatus
    message_id: int | None = None
    error: str | None = None
    retryable: bool = False

    @property
    def is_delivered(self) -> bool:
        return self.status is DeliveryStatus.DELIVERED


class Notifier(Protocol):
    """Sends a message (HTML) with optional button rows to a person's private chat.

    Never raises for what the messaging platform answers: a person who blocked the bot yields
    BLOCKED (the notifier also calls its `on_blocked` hook, so the caller can mark them inactive and
    send nothing more until they return); anything else that went wrong yields FAILED, with
    `retryable` set when trying again later may succeed. Flood limits are waited out, not reported.
    """

    async def send(
        self, telegram_id: int, text: str, *, buttons: Sequence[Sequence[Button]] | None = None
    ) -> Delivery: ...


@dataclass(frozen=True, slots=True)
class Push:
    """One message for one person: HTML text and its button rows."""

    text: str
    buttons: Keyboard = ()

    @property
    def button_count(self) -> int:
        return sum(len(row) for row in self.buttons)


def group_pushes(
    pushes: Sequence[Push], *, max_length: int = MAX_TEXT_LENGTH, max_buttons: int = MAX_BUTTONS
) -> list[Push]:
    """Merge one person's pushes, in order, into as few messages as the limits allow.

    Texts are joined by a blank line and button rows are kept in order. A push that alone exceeds a
    limit is passed on unchanged (the caller must shorten it).
    """
    merged: list[Push] = []
    for push in pushes:
        if merged and _fits(merged[-1], push, max_length=max_length, max_buttons=max_buttons):
            last = merged[-1]
            merged[-1] = Push(last.text + SEPARATOR + push.text, last.buttons + push.buttons)
        else:
            merged.append(push)
    return merged


def _fits(first: Push, second: Push, *, max_length: int, max_buttons: int) -> bool:
    length = len(first.text) + len(SEPARATOR) + len(second.text)
    return length <= max_length and first.button_count + second.button_count <= max_buttons
