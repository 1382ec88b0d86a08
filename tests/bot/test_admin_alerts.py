"""TelegramAdminAlerts: every operator hears of a problem, but a burst becomes one message and a count."""

from __future__ import annotations

from telegram.error import Forbidden

from bot.admin_alerts import TelegramAdminAlerts


class FakeBot:
    """Records the messages it is asked to send; chats in `blocked` refuse them as Telegram would."""

    def __init__(self, blocked: frozenset[int] = frozenset()) -> None:
        self.sent: list[tuple[int | str, str]] = []
        self._blocked = blocked

    async def send_message(self, chat_id: int | str, text: str) -> object:
        if chat_id in self._blocked:
            raise Forbidden("Forbidden: bot was blocked by the user")
        self.sent.append((chat_id, text))
        return None


class Ticks:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_alert_reaches_every_admin() -> None:
    bot = FakeBot()

    await TelegramAdminAlerts(bot, [1, 2]).alert("Job 7 (notice) failed for good")

    assert bot.sent == [(1, "Job 7 (notice) failed for good"), (2, "Job 7 (notice) failed for good")]


async def test_alerts_within_the_interval_are_held_back_and_counted_in_the_next() -> None:
    bot, ticks = FakeBot(), Ticks()
    alerts = TelegramAdminAlerts(bot, [1], interval=60, monotonic=ticks)

    await alerts.alert("first")
    ticks.now += 30
    await alerts.alert("second")
    await alerts.alert("third")
    ticks.now += 31
    await alerts.alert("fourth")

    assert [text for _, text in bot.sent] == [
        "first",
        "fourth\n(+2 more since the last alert; see the logs)",
    ]


async def test_admin_who_blocked_the_bot_does_not_stop_the_alert_to_the_others() -> None:
    bot = FakeBot(blocked=frozenset({1}))

    await TelegramAdminAlerts(bot, [1, 2]).alert("Bounce from broker acme")

    assert bot.sent == [(2, "Bounce from broker acme")]


async def test_no_admins_configured_sends_nothing() -> None:
    bot = FakeBot()

    await TelegramAdminAlerts(bot, []).alert("anything")

    assert bot.sent == []


async def test_each_kind_of_error_is_limited_on_its_own() -> None:
    bot, ticks = FakeBot(), Ticks()
    alerts = TelegramAdminAlerts(bot, [1], interval=60, kind_interval=300, monotonic=ticks)

    await alerts.alert("error a1", kind="a")
    await alerts.alert("error b1", kind="b")
    await alerts.alert("general")
    ticks.now += 100
    await alerts.alert("error a2", kind="a")
    ticks.now += 201
    await alerts.alert("error a3", kind="a")

    assert [text for _, text in bot.sent] == [
        "error a1",
        "error b1",
        "general",
        "error a3\n(+1 more since the last alert; see the logs)",
    ]
