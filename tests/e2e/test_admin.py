"""The operators' console: admin commands for an admin in a private chat, unknown to anyone else."""

from __future__ import annotations

import asyncio
import re

import pytest
from sqlalchemy import text

from bot.app import BotRuntime
from bot.sandbox.telegram import FakeTelegram
from storage.catalog import load_overrides
from tests.e2e.conftest import ADMIN_ID
from tests.e2e.test_onboarding import onboard
from tests.fakes.chat import Chat

ADMIN_COMMANDS = (
    "/stats",
    "/user 1001",
    "/health",
    "/audit",
    "/broker 33across",
    "/broker_set 33across disable",
    "/broadcast Hello everyone",
    "/contacts",
)
UNKNOWN = "I don't know that command. /help lists what I can do."


@pytest.fixture
def operator(telegram: FakeTelegram) -> Chat:
    """The operator opened a chat with the bot before it started, so their menu can be scoped to it."""
    return Chat(telegram, telegram.user(ADMIN_ID, first_name="Op", username="op", language_code="en"))


async def test_admin_commands_are_unknown_to_anyone_else(operator: Chat, ann: Chat, bot: BotRuntime) -> None:
    for command in ADMIN_COMMANDS:
        replies = await ann.say(command)
        assert [r.text for r in replies] == [UNKNOWN], command
    assert bot.catalog.get("33across") is not None and bot.catalog.get("33across").enabled  # type: ignore[union-attr]


async def test_admin_commands_in_a_group_get_the_group_answer_even_from_an_admin(
    operator: Chat, telegram: FakeTelegram, bot: BotRuntime
) -> None:
    group = Chat(telegram, operator.user, group=telegram.group(-100777, "Ops"))
    unknown = [r.text for r in await group.say("/frobnicate")]
    for command in ADMIN_COMMANDS:
        assert [r.text for r in await group.say(command)] == unknown, command
    assert unknown[0].startswith("I only work in a private chat")
    assert bot.catalog.get("33across").enabled  # type: ignore[union-attr]


async def test_admin_menu_is_in_the_admins_chat_only(
    operator: Chat, ann: Chat, telegram: FakeTelegram, bot: BotRuntime
) -> None:
    for language in ("", "en", "de"):
        menu = [c["command"] for c in telegram.commands({"type": "chat", "chat_id": ADMIN_ID}, language)]
        assert {"stats", "broker_set", "help"} <= set(menu), language
    german = telegram.commands({"type": "chat", "chat_id": ADMIN_ID}, "de")
    assert any("Statistik" in c["description"] for c in german)
    everyone = [c["command"] for c in telegram.commands()]
    assert "stats" not in everyone and "help" in everyone
    assert telegram.commands({"type": "chat", "chat_id": ann.user.id}) == []


async def test_stats_counts_people_and_the_audit_log_records_it(operator: Chat, ann: Chat) -> None:
    await onboard(ann)
    replies = await operator.say("/stats")
    text = replies[0].text
    assert "People: 1 (1 active in 7 days, 1 in 30 days, 0 blocked the bot)" in text
    assert "No letters sent yet." in text
    replies = await operator.say("/audit 5")
    assert f"{ADMIN_ID} admin:stats" in replies[0].text
    assert "consent" in replies[0].text


async def test_user_shows_state_without_profile_details(operator: Chat, ann: Chat) -> None:
    await onboard(ann)
    text = (await operator.say("/user 1001"))[0].text
    assert "Person 1001" in text and "step done" in text
    assert "Ann Example" not in text
    assert (await operator.say("/user 424242"))[0].text == "Nobody with that Telegram id uses the bot."


@pytest.mark.parametrize(
    "command", ["/user", "/user ann", "/user -5", "/user 1 2", "/audit 0", "/audit many"]
)
async def test_bad_admin_arguments_get_the_usage(operator: Chat, bot: BotRuntime, command: str) -> None:
    replies = await operator.say(command)
    assert replies[0].text.startswith("Usage:")


async def test_health_reports_version_sweeps_and_queue(operator: Chat, bot: BotRuntime) -> None:
    await asyncio.sleep(0.5)  # the sweeper wakes every 0.2 s here
    text = (await operator.say("/health"))[0].text
    assert "Version " in text and "Due jobs waiting: 0" in text
    assert "Last sweep of the job queue: 20" in text  # the sweeper ran at start
    assert "Database size:" in text


async def test_health_shows_the_update_loop_and_telegram_errors_counted_as_they_happen(
    operator: Chat, ann: Chat, telegram: FakeTelegram, bot: BotRuntime
) -> None:
    await ann.say("/help")
    telegram.fail_next("sendMessage", 502, "Bad Gateway")
    await ann.say("/help")  # its answer fails at Telegram (and the apology after it goes through)
    bot.clock.advance(seconds=5)

    replies = await operator.say("/health")

    (health,) = [r.text for r in replies if r.text.startswith("Health")]
    assert re.search(
        r"Updates: last handled 0h 00m 05s ago, [2-9] in the last hour, 0 waiting, 1 in hand", health
    )
    assert "Errors in the last hour: Telegram 1, Gmail 0" in health


async def test_broker_set_validates_stores_and_is_used_at_once(operator: Chat, bot: BotRuntime) -> None:
    before = bot.catalog.get("33across")
    assert before is not None
    bad = await operator.say("/broker_set 33across email not-an-address")
    assert bad[0].text == "That is not one valid e-mail address. Nothing was changed."
    assert (await operator.say("/broker_set 33across form http://x.example"))[0].text.startswith("The form")
    assert (await operator.say("/broker_set nosuch disable"))[0].text.startswith("No broker has that id")
    assert (await operator.say("/broker_set 33across explode"))[0].text.startswith("Usage:")
    assert await load_overrides(bot.engine) == []

    replies = await operator.say("/broker_set 33across email DSR@33across.com")

    text = replies[0].text
    assert "Before:" in text and f"email: {before.email}" in text
    assert text.index("email: dsr@33across.com") > text.index("After:")
    assert bot.catalog.get("33across").email == "dsr@33across.com"  # type: ignore[union-attr]
    assert await load_overrides(bot.engine) == [
        {"id": "33across", "email": "dsr@33across.com", "accepts_email": True}
    ]
    shown = (await operator.say("/broker 33across"))[0].text
    assert "E-mail: dsr@33across.com" in shown and "No letters sent to this broker yet." in shown
    audit = (await operator.say("/audit 2"))[0].text
    assert "admin:broker_set" in audit and '"change": "email"' in audit


async def test_broker_disable_and_enable(operator: Chat, bot: BotRuntime) -> None:
    await operator.say("/broker_set 33across disable")
    assert not bot.catalog.get("33across").enabled  # type: ignore[union-attr]
    replies = await operator.say("/broker_set 33across enable")
    assert "enabled: False" in replies[0].text and "enabled: True" in replies[0].text
    assert bot.catalog.get("33across").enabled  # type: ignore[union-attr]


async def test_unhandled_error_apologises_and_tells_the_admins_once_per_kind(
    operator: Chat, ann: Chat, bot: BotRuntime
) -> None:
    await ann.say("/start")
    await ann.tap("I agree, let's start")
    async with bot.engine.begin() as connection:  # a real failure: the table the command reads is gone
        await connection.execute(text("ALTER TABLE deletion_requests RENAME TO deletion_requests_gone"))

    (apology,) = await ann.say("/requests")

    match = re.search(r"error ([0-9a-f]{8})", apology.text)
    assert apology.text.startswith("Sorry, something went wrong on my side") and match
    await operator.fake.wait_until(lambda: bool(operator.messages), timeout=10, what="the admins' report")
    (report,) = operator.messages
    assert report.text.startswith(f"⚠️ Unhandled error {match[1]} in /requests: ")
    assert report.text.split(": ", 1)[1] in ("OperationalError", "ProgrammingError")
    await ann.say("/requests")  # the same kind again within minutes: the admins hear nothing more
    await asyncio.sleep(0.5)
    assert len(operator.messages) == 1


async def test_contacts_lists_bounced_and_form_only_brokers_with_a_fix_button(
    operator: Chat, ann: Chat, bot: BotRuntime
) -> None:
    await onboard(ann)
    now = bot.clock.now()
    async with bot.engine.begin() as connection:  # two answered requests, as the reply reader leaves them
        for broker, status in (("33across", "bounced"), ("01advertising", "needs_web_form")):
            await connection.execute(
                text(
                    "INSERT INTO deletion_requests (user_id, broker_id, law, channel, status, sent_at, "
                    "attempts, created_at, updated_at) VALUES (1001, :b, 'gdpr', 'email', :s, :t, 0, :t, :t)"
                ),
                {"b": broker, "s": status, "t": now},
            )
        await connection.execute(  # the reply reader's history row for the web-form answer
            text(
                "INSERT INTO deletion_request_events (request_id, from_status, to_status, at, reason) "
                "SELECT id, 'sent', 'needs_web_form', :t, 'reply: needs_web_form' "
                "FROM deletion_requests WHERE broker_id = '01advertising'"
            ),
            {"t": now},
        )

    (queue,) = await operator.say("/contacts")

    assert "33across: 1 bounced, 0 replies refused e-mail or asked for the web form" in queue.text
    assert "01advertising: 0 bounced, 1 replies refused e-mail or asked for the web form" in queue.text
    assert queue.button_texts == ["Fix 01advertising", "Fix 33across"]
    (fix,) = await operator.tap("Fix 33across")
    assert "(33across)" in fix.text and "send /broker_set 33across email ADDRESS" in fix.text
    (refused,) = await ann.say("/contacts")
    assert refused.text == UNKNOWN
