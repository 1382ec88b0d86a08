"""A chat driver over FakeTelegram, so end-to-end tests read like a transcript: say, tap, look."""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import Callable

from bot.sandbox.telegram import (
    AnsweredCallback,
    Button,
    FakeTelegram,
    SentMessage,
    TelegramGroup,
    TelegramUser,
)

AFTER_ANSWER_WAIT = 2.0  # a tap that only gets a callback answer costs this much once
_MESSAGE_METHODS = frozenset(
    {"sendMessage", "sendDocument", "editMessageText", "editMessageReplyMarkup", "editMessageCaption"}
)


class Chat:
    """One user's chat with the bot (their private chat, or `group`).

    `say` and `tap` wait until the bot has handled the update and gone quiet, then return the bot
    messages it sent or edited in response, in their current state.
    """

    def __init__(
        self,
        fake: FakeTelegram,
        user: TelegramUser,
        *,
        group: TelegramGroup | None = None,
        timeout: float = 10.0,
        quiet: float = 0.15,
    ) -> None:
        self.fake = fake
        self.user = user
        self.group = group
        self.chat_id = group.id if group is not None else user.id
        self.timeout = timeout
        self.quiet = quiet
        self.last_answer: AnsweredCallback | None = None

    async def say(self, text: str) -> list[SentMessage]:
        return await self._answers(lambda: self.fake.send_message(self.user, text, chat=self.group))

    async def open_link(self, url: str) -> list[SentMessage]:
        """Open a t.me link of the bot as this user would on their phone: Telegram sends /start."""
        return await self._answers(lambda: self.fake.open_deep_link(self.user, url))

    async def _answers(self, deliver: Callable[[], int]) -> list[SentMessage]:
        mark = len(self.fake.calls)
        update_id = deliver()
        await self._settle(update_id, lambda: bool(self._responses_since(mark)), mark)
        return self._responses_since(mark)

    async def send_file(
        self, content: bytes, file_name: str, mime_type: str = "text/csv"
    ) -> list[SentMessage]:
        """Send a document, as `say` sends text."""
        mark = len(self.fake.calls)
        update_id = self.fake.send_document(self.user, content, file_name, mime_type, chat=self.group)
        await self._settle(update_id, lambda: bool(self._responses_since(mark)), mark)
        return self._responses_since(mark)

    async def _settle(self, update_id: int, answered: Callable[[], bool], mark: int) -> None:
        """Wait for the bot's first answer and (briefly) for a message after it, then for it to go quiet.

        A busy machine may take a while; some inputs are rightly answered with a callback answer only."""
        with contextlib.suppress(TimeoutError):
            await self.fake.wait_until(answered, self.timeout, "the bot's answer")
        with contextlib.suppress(TimeoutError):
            await self.fake.wait_until(
                lambda: bool(self._responses_since(mark)), AFTER_ANSWER_WAIT, "a message"
            )
        await self.fake.wait_processed(update_id, self.timeout, self.quiet)

    async def tap(
        self, button: str | re.Pattern[str], message: SentMessage | None = None
    ) -> list[SentMessage]:
        """Tap the button whose text equals `button` (or matches the pattern) on `message`, by default
        the latest bot message with an inline keyboard. URL buttons cannot be tapped."""
        target, found = await self._wait_for_button(button, message)
        if found.callback_data is None:
            raise ValueError(f"button {found.text!r} is a link ({found.url}); only callback buttons tap")
        return await self.tap_data(found.callback_data, target)

    async def tap_data(
        self, callback_data: str, message: SentMessage, *, require_answer: bool = True
    ) -> list[SentMessage]:
        """Tap with raw (possibly forged) callback data; the bot must answer the query unless told not to."""
        mark = len(self.fake.calls)
        query_id = self.fake.tap(self.user, message, callback_data)
        await self._settle(
            self.fake.update_id_for_query(query_id), lambda: query_id in self.fake.answered_callbacks, mark
        )
        self.last_answer = self.fake.answered_callbacks.get(query_id)
        if require_answer and self.last_answer is None:
            raise AssertionError(f"the bot did not answer the callback query for {callback_data!r}")
        return self._responses_since(mark)

    async def _wait_for_button(
        self, wanted: str | re.Pattern[str], message: SentMessage | None
    ) -> tuple[SentMessage, Button]:
        """The button on `message` (or the latest keyboard), waiting while the bot is still drawing it."""
        deadline = time.monotonic() + self.timeout
        while True:
            target = self._latest_with_keyboard()
            if message is not None:
                target = self.fake.message(self.chat_id, message.message_id)
            try:
                if target is None:
                    raise LookupError("no bot message with an inline keyboard in this chat")
                return target, self._find_button(target, wanted)
            except LookupError:
                if time.monotonic() > deadline:
                    raise
            await asyncio.sleep(0.02)

    @property
    def messages(self) -> list[SentMessage]:
        return self.fake.messages(self.chat_id)

    @property
    def last(self) -> SentMessage:
        messages = self.messages
        if not messages:
            raise LookupError("the bot has sent nothing in this chat")
        return messages[-1]

    def buttons(self, message: SentMessage | None = None) -> list[str]:
        """Button texts of `message`, by default of the latest bot message with an inline keyboard."""
        target = message or self._latest_with_keyboard()
        return target.button_texts if target is not None else []

    def document(self, file_name: str | None = None) -> bytes:
        """The content of the latest document the bot sent here (with that file name, if given)."""
        for message in reversed(self.messages):
            if message.document and file_name in (None, message.document.file_name):
                return message.document.content
        raise LookupError(f"the bot sent no document{f' named {file_name!r}' if file_name else ''}")

    def _responses_since(self, mark: int) -> list[SentMessage]:
        message_ids: list[int] = []
        for call in self.fake.calls[mark:]:
            result = call.result
            if call.method not in _MESSAGE_METHODS or not isinstance(result, dict):
                continue
            if result["chat"]["id"] == self.chat_id and result["message_id"] not in message_ids:
                message_ids.append(result["message_id"])
        current = (self.fake.message(self.chat_id, message_id) for message_id in message_ids)
        return [message for message in current if not message.deleted]

    def _latest_with_keyboard(self) -> SentMessage | None:
        return next((message for message in reversed(self.messages) if message.buttons), None)

    @staticmethod
    def _find_button(message: SentMessage, wanted: str | re.Pattern[str]) -> Button:
        for row in message.buttons:
            for button in row:
                if button.text == wanted if isinstance(wanted, str) else wanted.search(button.text):
                    return button
        raise LookupError(f"no button {wanted!r} on message {message.message_id}: {message.button_texts}")
