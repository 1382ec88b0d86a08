"""The fake's flood control on a hand-moved clock: limits, retry_after holds and the violations it records."""

from __future__ import annotations

import httpx
import pytest

from bot.sandbox.telegram import FakeTelegram, RateLimits, Violation
from bot.sandbox.telegram.limits import FloodControl, Refusal, is_counted


class ManualClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def flood(clock: ManualClock) -> FloodControl:
    return FloodControl(RateLimits(), clock)


@pytest.mark.parametrize(
    ("method", "counted"),
    [
        ("sendMessage", True),
        ("sendDocument", True),
        ("editMessageText", True),
        ("editMessageReplyMarkup", True),
        ("copyMessage", True),
        ("forwardMessage", True),
        ("sendChatAction", False),
        ("deleteMessage", False),
        ("answerCallbackQuery", False),
    ],
)
def test_message_methods_count_and_others_do_not(method: str, counted: bool) -> None:
    assert is_counted(method) is counted


def test_chat_gets_a_burst_then_one_a_second(flood: FloodControl, clock: ManualClock) -> None:
    assert [flood.admit("sendMessage", 7) for _ in range(3)] == [None, None, None]
    assert flood.admit("editMessageText", 7) == Refusal(1)
    clock.now += 1.0
    assert flood.admit("sendMessage", 7) is None


def test_call_before_retry_after_passed_is_refused_and_recorded_early(
    flood: FloodControl, clock: ManualClock
) -> None:
    for _ in range(3):
        flood.admit("sendMessage", 7)
    flood.admit("sendMessage", 7)
    clock.now += 0.9  # the bucket has a token again, but the retry_after of 1 s has not passed
    assert flood.admit("deleteMessage", 7) == Refusal(1)
    kinds = [(violation.method, violation.early) for violation in flood.violations]
    assert kinds == [("sendMessage", False), ("deleteMessage", True)]


def test_call_after_retry_after_passed_is_admitted(flood: FloodControl, clock: ManualClock) -> None:
    for _ in range(4):
        flood.admit("sendMessage", 7)
    clock.now += 1.0
    assert flood.admit("sendMessage", 7) is None
    assert len(flood.violations) == 1


def test_hold_of_one_chat_leaves_other_chats_alone(flood: FloodControl) -> None:
    for _ in range(4):
        flood.admit("sendMessage", 7)
    assert flood.admit("sendMessage", 8) is None


def test_more_than_30_a_second_overall_are_refused(flood: FloodControl, clock: ManualClock) -> None:
    for chat in range(1, 31):
        assert flood.admit("sendMessage", chat) is None
        clock.now += 0.01
    assert flood.admit("sendMessage", 31) == Refusal(1)
    clock.now += 0.71
    assert flood.admit("sendMessage", 32) is None


def test_group_gets_20_a_minute(flood: FloodControl, clock: ManualClock) -> None:
    for _ in range(20):
        assert flood.admit("sendMessage", -100) is None
        clock.now += 1.0
    refusal = flood.admit("sendMessage", -100)
    assert refusal is not None
    assert refusal.retry_after == 40


def test_answers_to_taps_have_their_own_generous_limit(flood: FloodControl) -> None:
    for _ in range(3):
        flood.admit("sendMessage", 7)
    assert flood.admit("sendMessage", 7) is not None
    assert all(flood.admit("answerCallbackQuery", None) is None for _ in range(100))
    assert flood.admit("answerCallbackQuery", None) == Refusal(1)


def test_calls_that_neither_count_nor_name_a_chat_are_free(flood: FloodControl) -> None:
    assert all(flood.admit("getMe", None) is None for _ in range(500))
    assert all(flood.admit("deleteMessage", 7) is None for _ in range(50))
    assert flood.violations == []


async def test_over_limit_call_gets_the_real_429_envelope_and_is_not_performed() -> None:
    with FakeTelegram(enforce_limits=True) as fake:
        fake.user(42)
        url = f"{fake.url}/bot{fake.token}/sendMessage"
        async with httpx.AsyncClient() as client:
            for n in range(3):
                assert (await client.post(url, json={"chat_id": 42, "text": f"{n}"})).status_code == 200
            response = await client.post(url, json={"chat_id": 42, "text": "one too many"})
        assert response.status_code == 429
        assert response.json() == {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 1",
            "parameters": {"retry_after": 1},
        }
        assert [message.text for message in fake.messages(42)] == ["0", "1", "2"]
        (violation,) = fake.violations
        assert violation == Violation("sendMessage", 42, 1, early=False, at=violation.at)
        assert fake.rate_limit_violations == 1


async def test_limits_off_refuse_nothing() -> None:
    with FakeTelegram() as fake:
        fake.user(42)
        url = f"{fake.url}/bot{fake.token}/sendMessage"
        async with httpx.AsyncClient() as client:
            for n in range(10):
                assert (await client.post(url, json={"chat_id": 42, "text": f"{n}"})).status_code == 200
        assert fake.rate_limit_violations == 0
