"""Settings, /privacy, /export and /forget, driven from the chat."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from bot.app import BotRuntime
from brokers.profile import TelegramId
from storage.records import AuditRecord, UserRecord
from tests.e2e.test_onboarding import onboard
from tests.fakes.chat import Chat

ANN = TelegramId(1001)


async def test_settings_shows_what_is_on_file(ann: Chat) -> None:
    await onboard(ann)
    replies = await ann.say("/settings")
    assert "Name: Ann Example" in replies[0].text
    assert "Where you live: Germany" in replies[0].text
    assert "Postal address: not given" in replies[0].text


async def test_settings_edits_the_postal_address(ann: Chat, bot: BotRuntime) -> None:
    await onboard(ann)
    await ann.say("/settings")
    await ann.tap("Postal address")
    replies = await ann.say("Hauptstraße 1, 10115 Berlin")
    assert replies[-1].text == "Saved."
    user = await bot.services.onboarding.user(ANN)
    assert user is not None
    assert user.profile.postal_address == "Hauptstraße 1, 10115 Berlin"


async def test_settings_removes_an_optional_detail(ann: Chat, bot: BotRuntime) -> None:
    await onboard(ann)
    await ann.say("/settings")
    await ann.tap("Other e-mails")
    await ann.say("ann@example.org")
    await ann.say("/settings")
    await ann.tap("Other e-mails")
    await ann.tap("Remove")
    user = await bot.services.onboarding.user(ANN)
    assert user is not None
    assert user.profile.other_emails == ()


async def test_settings_changes_language_and_the_bot_follows(ann: Chat) -> None:
    await onboard(ann)
    await ann.say("/settings")
    await ann.tap("Language")
    replies = await ann.tap("Deutsch")
    assert replies[0].text == "Sprache: Deutsch"
    replies = await ann.say("/help")
    assert "Was ich kann" in replies[0].text


async def test_settings_changes_where_the_person_lives(ann: Chat, bot: BotRuntime) -> None:
    await onboard(ann)
    await ann.say("/settings")
    await ann.tap("Country / state")
    await ann.tap("United Kingdom")
    user = await bot.services.onboarding.user(ANN)
    assert user is not None
    assert user.jurisdiction == "GB"
    assert "You're all set" not in ann.last.text


async def test_privacy_says_what_is_stored(ann: Chat) -> None:
    replies = await ann.say("/privacy")
    assert "What I store about you" in replies[0].text
    assert "Right now nothing is stored about you." in replies[0].text


async def test_export_sends_everything_as_json(ann: Chat) -> None:
    await onboard(ann)
    await ann.say("/export")
    exported = json.loads(ann.document("my-data.json"))
    assert exported["user"]["profile"]["full_name"] == "Ann Example"
    assert exported["user"]["jurisdiction"] == "DE"
    assert "tokens" not in json.dumps(exported)
    assert [entry["action"] for entry in exported["audit_log"]] == ["consent"]


async def test_export_before_consent_sends_no_file(ann: Chat) -> None:
    replies = await ann.say("/export")
    assert replies[0].text == "Nothing is stored about you."
    assert replies[0].document is None


async def test_forget_asks_then_erases_every_row(ann: Chat, bot: BotRuntime) -> None:
    await onboard(ann)
    replies = await ann.say("/forget")
    assert ann.buttons() == ["Yes, erase everything", "No, keep it"]
    replies = await ann.tap("Yes, erase everything")
    assert replies[0].text.startswith("Done: everything about you is erased")
    async with bot.engine.connect() as connection:
        users = await connection.scalar(select(func.count()).select_from(UserRecord))
        audit = (
            await connection.execute(select(AuditRecord.action, AuditRecord.user_id, AuditRecord.actor))
        ).all()
    assert users == 0
    assert [tuple(row) for row in audit] == [("erasure", None, None)]


async def test_forget_no_keeps_everything(ann: Chat, bot: BotRuntime) -> None:
    await onboard(ann)
    await ann.say("/forget")
    replies = await ann.tap("No, keep it")
    assert replies[0].text == "Nothing was erased."
    assert await bot.services.onboarding.user(ANN) is not None


async def test_help_lists_the_commands(ann: Chat, telegram: object) -> None:
    replies = await ann.say("/help")
    for command in ("/start", "/settings", "/privacy", "/export", "/forget"):
        assert command in replies[0].text


async def test_command_menu_is_set_in_each_language(bot: BotRuntime, telegram: object) -> None:
    from bot.sandbox.telegram import FakeTelegram

    assert isinstance(telegram, FakeTelegram)
    calls = [c for c in telegram.calls if c.method == "setMyCommands"]
    languages = {c.params.get("language_code") for c in calls}
    assert languages == {"en", "de", None}
    german = next(c for c in calls if c.params.get("language_code") == "de")
    assert "Alles über dich löschen" in json.dumps(german.params, ensure_ascii=False)
