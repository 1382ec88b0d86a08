"""Untrusted input from the chat: each bad input gets a clear answer and changes nothing else."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from bot.app import BotRuntime
from bot.sandbox.telegram import FakeTelegram
from brokers.profile import Step, TelegramId
from handlers.callbacks import MAX_CALLBACK_BYTES, Action
from handlers.flood import FloodGuard
from handlers.update_order import ChatOrderedProcessor
from storage.records import AuditRecord, UserRecord
from tests.e2e.conftest import ADMIN_ID
from tests.e2e.test_onboarding import onboard
from tests.fakes.chat import Chat

ANN = TelegramId(1001)


async def _at_name_question(chat: Chat) -> None:
    await chat.say("/start")
    await chat.tap("I agree, let's start")


async def _user_count(bot: BotRuntime) -> int:
    async with bot.engine.connect() as connection:
        return int(await connection.scalar(select(func.count()).select_from(UserRecord)) or 0)


async def _refusals(bot: BotRuntime) -> list[str]:
    async with bot.engine.connect() as connection:
        rows = await connection.execute(
            select(AuditRecord.detail).where(AuditRecord.action == "refused_callback")
        )
        return [row.detail["reason"] for row in rows]


async def test_empty_name_is_asked_again(ann: Chat, bot: BotRuntime) -> None:
    await _at_name_question(ann)
    replies = await ann.say("   \u200b  ")
    assert replies[-1].text == "That was empty. Please send the text again."
    user = await bot.services.onboarding.user(ANN)
    assert user is not None
    assert (user.step, user.profile.full_name) == (Step.NAME, None)


async def test_ten_thousand_character_name_is_refused(ann: Chat, bot: BotRuntime) -> None:
    await _at_name_question(ann)
    replies = await ann.say("A" * 4096)
    assert "too long (at most 200 characters)" in replies[-1].text
    user = await bot.services.onboarding.user(ANN)
    assert user is not None
    assert user.profile.full_name is None


async def test_control_characters_are_removed_from_a_name(ann: Chat, bot: BotRuntime) -> None:
    await _at_name_question(ann)
    await ann.say("Ann\x00\x07 \x1bExample\u202e")
    user = await bot.services.onboarding.user(ANN)
    assert user is not None
    assert user.profile.full_name == "Ann Example"


@pytest.mark.parametrize("name", ["<b>Ann</b>", "<script>alert(1)</script> & Co"])
async def test_html_in_a_name_is_shown_escaped_and_stored_as_given(
    ann: Chat, bot: BotRuntime, name: str
) -> None:
    await onboard(ann, name=f"  {name}  ")
    user = await bot.services.onboarding.user(ANN)
    assert user is not None
    assert user.profile.full_name == name
    assert f"You're all set, {name} (Germany)" in ann.last.text
    replies = await ann.say("/settings")
    assert f"Name: {name}" in replies[0].text


async def test_bad_email_address_is_named_and_nothing_saved(ann: Chat, bot: BotRuntime) -> None:
    await _at_name_question(ann)
    await ann.say("Ann Example")
    replies = await ann.say("ann@example.org, not-an-address")
    assert replies[-1].text == "“not-an-address” is not an e-mail address. Please send the addresses again."
    user = await bot.services.onboarding.user(ANN)
    assert user is not None
    assert (user.step, user.profile.other_emails) == (Step.EMAILS, ())


@pytest.mark.parametrize(
    "data", ["", "x" * 64, "skip:emails", "drop:table:users", "jur:ZZ-99:abc", "\u00e9" * 20]
)
async def test_malformed_or_unknown_callback_data_changes_nothing(
    ann: Chat, bot: BotRuntime, data: str
) -> None:
    await onboard(ann)
    before = await bot.services.onboarding.user(ANN)
    await ann.tap_data(data or "?", ann.last)
    assert ann.last_answer is not None
    assert ann.last_answer.text == "This button is no longer valid. Send /start to see where you are."
    assert await bot.services.onboarding.user(ANN) == before


async def test_unknown_jurisdiction_with_a_valid_epoch_changes_nothing(ann: Chat, bot: BotRuntime) -> None:
    await onboard(ann)
    before = await bot.services.onboarding.user(ANN)
    assert before is not None
    await ann.tap_data(f"jur:ZZ:{before.epoch}", ann.last)
    assert await bot.services.onboarding.user(ANN) == before


async def test_button_from_before_forget_is_stale(ann: Chat, bot: BotRuntime) -> None:
    await onboard(ann)
    await ann.say("/settings")
    settings_message = ann.last
    await ann.say("/forget")
    await ann.tap("Yes, erase everything")
    await ann.say("/start")
    await ann.tap("I agree, let's start")
    replies = await ann.tap("Name", message=settings_message)
    assert replies == [] or all("Send your full name" not in r.text for r in replies)
    assert ann.last_answer is not None
    assert "no longer valid" in (ann.last_answer.text or "")
    user = await bot.services.onboarding.user(ANN)
    assert user is not None
    assert user.editing is None
    assert await _refusals(bot) == ["stale"]


async def test_another_users_tap_on_a_button_is_refused(
    ann: Chat, bob: Chat, bot: BotRuntime, telegram: FakeTelegram
) -> None:
    await onboard(ann)
    await onboard(bob, name="Bob Beispiel")
    await ann.say("/forget")
    forget_message = ann.last
    button = forget_message.buttons[0][0]
    assert button.callback_data is not None
    query = telegram.tap(bob.user, forget_message, button.callback_data)
    await telegram.wait_processed(telegram.update_id_for_query(query), 10, 0.15)
    assert await bot.services.onboarding.user(ANN) is not None
    assert await bot.services.onboarding.user(TelegramId(1002)) is not None
    assert await _refusals(bot) == ["foreign"]


async def test_double_tap_on_consent_creates_one_user(
    ann: Chat, bot: BotRuntime, telegram: FakeTelegram
) -> None:
    await ann.say("/start")
    message = ann.last
    data = message.buttons[0][0].callback_data
    assert data is not None
    first = telegram.tap(ann.user, message, data)
    second = telegram.tap(ann.user, message, data)
    await telegram.wait_processed(telegram.update_id_for_query(second), 10, 0.3)
    assert await _user_count(bot) == 1
    name_questions = [m for m in ann.messages if "full name" in m.text]
    assert len(name_questions) == 1
    assert telegram.answered_callbacks[first] is not None


async def test_double_tap_on_skip_skips_one_question(
    ann: Chat, bot: BotRuntime, telegram: FakeTelegram
) -> None:
    await _at_name_question(ann)
    await ann.say("Ann Example")
    message = ann.last
    data = message.buttons[0][0].callback_data
    assert data is not None
    telegram.tap(ann.user, message, data)
    second = telegram.tap(ann.user, message, data)
    await telegram.wait_processed(telegram.update_id_for_query(second), 10, 0.3)
    user = await bot.services.onboarding.user(ANN)
    assert user is not None
    assert user.step is Step.ADDRESS


async def test_commands_in_a_group_point_to_a_private_chat(
    ann: Chat, telegram: FakeTelegram, bot: BotRuntime
) -> None:
    group = Chat(telegram, ann.user, group=telegram.group(-100123, "Friends"))
    replies = await group.say("/start")
    assert replies[0].text.startswith("I only work in a private chat")
    assert await _user_count(bot) == 0


async def test_unknown_command_and_free_text_get_a_pointer(ann: Chat) -> None:
    replies = await ann.say("/frobnicate")
    assert replies[0].text == "I don't know that command. /help lists what I can do."
    replies = await ann.say("hello?")
    assert replies[0].text == "Send /start to begin."
    await onboard(ann)
    replies = await ann.say("hello again")
    assert replies[0].text == "I didn't get that. /help lists what I can do."


async def test_a_briefly_locked_database_is_waited_out(
    ann: Chat, bot: BotRuntime, database_url: str, telegram: FakeTelegram
) -> None:
    if make_url(database_url).get_backend_name() != "sqlite":
        pytest.skip("SQLite's file lock")
    await _at_name_question(ann)
    path = make_url(database_url).database
    assert path is not None
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    update_id = telegram.send_message(ann.user, "Ann Example")
    await asyncio.sleep(1.5)
    assert not any("Do you use" in m.text for m in ann.messages)
    blocker.execute("COMMIT")
    blocker.close()
    await telegram.wait_until(lambda: "Do you use" in ann.last.text, timeout=10, what="the next question")
    assert telegram.is_confirmed(update_id)
    user = await bot.services.onboarding.user(ANN)
    assert user is not None
    assert user.profile.full_name == "Ann Example"


HUGE = "9" * 20
HUGE_ARGS = [
    HUGE,
    f"d{HUGE}",
    f"{HUGE}-yes",
    f"{HUGE}-{HUGE}-0123abcd",
    f"all-{HUGE}",
    f"0-{HUGE}",
    "2147483648",
]


async def test_twenty_digit_ids_in_callback_data_get_an_answer_and_no_error(
    ann: Chat, bot: BotRuntime, telegram: FakeTelegram
) -> None:
    await onboard(ann)
    user = await bot.services.onboarding.user(ANN)
    assert user is not None
    before = await bot.services.onboarding.user(ANN)
    forged = [
        f"{action.value}:{arg}:{user.epoch}"
        for action in Action
        if action not in (Action.CONSENT, Action.FORGET)
        for arg in HUGE_ARGS
    ]
    forged = [data for data in forged if len(data) <= MAX_CALLBACK_BYTES]
    # All taps at once: the bot handles one chat's updates in order. The flood guard would rightly drop
    # most of them, so this test widens it; the guard has its own tests.
    processor = bot.application.update_processor
    assert isinstance(processor, ChatOrderedProcessor)
    processor.guard = FloodGuard(limit=len(forged) + 1)
    target = ann.last
    queries = {telegram.tap(ann.user, target, data): data for data in forged}
    with contextlib.suppress(TimeoutError):
        await telegram.wait_until(
            lambda: queries.keys() <= telegram.answered_callbacks.keys(), 60, "answers to every tap"
        )
    await telegram.wait_processed(telegram.update_id_for_query(list(queries)[-1]))
    unanswered = [data for query, data in queries.items() if query not in telegram.answered_callbacks]
    assert unanswered == []
    assert not [m for m in ann.messages if "something went wrong" in m.text]
    assert not [m for m in telegram.messages(ADMIN_ID) if "Unhandled error" in m.text]
    assert await bot.services.onboarding.user(ANN) == before
