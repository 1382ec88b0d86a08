"""Onboarding as a person does it in the chat: consent, then one question at a time."""

from __future__ import annotations

from bot.app import BotRuntime
from bot.sandbox.telegram import FakeTelegram
from brokers.profile import Step, TelegramId
from tests.fakes.chat import Chat


async def onboard(chat: Chat, name: str = "Ann Example") -> None:
    await chat.say("/start")
    await chat.tap("I agree, let's start")
    await chat.say(name)
    await chat.tap("Skip")
    await chat.tap("Skip")
    await chat.tap("EU / EEA")
    await chat.tap("Germany")
    await chat.tap("English")


async def test_start_explains_storage_and_asks_consent_before_storing(ann: Chat, bot: BotRuntime) -> None:
    replies = await ann.say("/start")
    assert "What I store" in replies[0].text
    assert "How long" in replies[0].text
    assert ann.buttons() == ["I agree, let's start"]
    assert await bot.services.onboarding.user(TelegramId(1001)) is None


async def test_full_onboarding_stores_answers_and_shows_menu(ann: Chat, bot: BotRuntime) -> None:
    await ann.say("/start")
    replies = await ann.tap("I agree, let's start")
    assert "full name" in replies[-1].text
    replies = await ann.say("Ann Example")
    assert "other e-mail addresses" in replies[-1].text
    replies = await ann.say("ann@example.org, ANN.work@example.com")
    assert "postal address" in replies[-1].text
    replies = await ann.say("1 Main Street\nBerlin")
    assert "Where do you live" in replies[-1].text
    await ann.tap("EU / EEA")
    replies = await ann.tap("Germany")
    assert replies[0].text == "Where you live: Germany"
    assert "Which language" in replies[-1].text
    replies = await ann.tap("Deutsch")
    assert ann.buttons() == ["Gmail verbinden", "Einstellungen", "Meine Daten"]
    user = await bot.services.onboarding.user(TelegramId(1001))
    assert user is not None
    assert user.step is Step.DONE
    assert user.profile.full_name == "Ann Example"
    assert user.profile.other_emails == ("ann@example.org", "ann.work@example.com")
    assert user.profile.postal_address == "1 Main Street\nBerlin"
    assert (user.jurisdiction, user.language) == ("DE", "de")


async def test_optional_questions_can_be_skipped(ann: Chat, bot: BotRuntime) -> None:
    await onboard(ann)
    user = await bot.services.onboarding.user(TelegramId(1001))
    assert user is not None
    assert user.profile.other_emails == ()
    assert user.profile.postal_address is None
    assert "You're all set, Ann Example (Germany)" in ann.last.text


async def test_start_again_resumes_at_the_open_question(ann: Chat) -> None:
    await ann.say("/start")
    await ann.tap("I agree, let's start")
    await ann.say("Ann Example")
    replies = await ann.say("/start")
    assert "other e-mail addresses" in replies[-1].text


async def test_start_after_onboarding_shows_where_the_person_is(ann: Chat) -> None:
    await onboard(ann)
    replies = await ann.say("/start")
    assert replies[-1].text.startswith("Where you are\nNo Gmail account is connected yet.")
    assert "Connect Gmail" in replies[-1].button_texts


async def test_start_with_deep_link_payload_still_onboards(ann: Chat) -> None:
    replies = await ann.say("/start connect")
    assert ann.buttons() == ["I agree, let's start"]
    assert "What I store" in replies[0].text


async def test_us_state_picks_from_the_list_of_states(ann: Chat, bot: BotRuntime) -> None:
    await ann.say("/start")
    await ann.tap("I agree, let's start")
    await ann.say("Ann Example")
    await ann.tap("Skip")
    await ann.tap("Skip")
    await ann.tap("United States")
    await ann.tap("California")
    user = await bot.services.onboarding.user(TelegramId(1001))
    assert user is not None
    assert user.jurisdiction == "US-CA"


async def test_telegram_language_is_the_first_guess(telegram: FakeTelegram, bot: BotRuntime) -> None:
    jonas = Chat(telegram, telegram.user(1003, first_name="Jonas", language_code="de-AT"))
    replies = await jonas.say("/start")
    assert "Was ich speichere" in replies[0].text


async def test_german_chat_picks_its_country_from_german_names(
    telegram: FakeTelegram, bot: BotRuntime
) -> None:
    jonas = Chat(telegram, telegram.user(1003, first_name="Jonas", language_code="de-AT"))
    await jonas.say("/start")
    await jonas.tap("Einverstanden, los geht's")
    await jonas.say("Jonas Beispiel")
    await jonas.tap("Überspringen")
    await jonas.tap("Überspringen")
    await jonas.tap("EU / EWR")
    assert {"Deutschland", "Österreich"} <= set(jonas.buttons())
    replies = await jonas.tap("Österreich")
    assert replies[0].text == "Wohnort: Österreich"
    user = await bot.services.onboarding.user(TelegramId(1003))
    assert user is not None
    assert user.jurisdiction == "AT"
