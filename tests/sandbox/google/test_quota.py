"""The per-user quota meter: unit costs of both models and the moving window."""

from __future__ import annotations

from bot.sandbox.google.quota import QuotaMeter, QuotaModel

USER = "me@gmail.com"


def admit_many(meter: QuotaMeter, method: str, count: int, now: float) -> list[int | None]:
    return [meter.admit(USER, method, now) for _ in range(count)]


def test_2025_model_allows_fifty_gets_a_second() -> None:
    meter = QuotaMeter(QuotaModel.Y2025)

    assert admit_many(meter, "messages.get", 50, now=0.0) == [None] * 50
    assert meter.admit(USER, "messages.get", 0.5) == 1
    assert meter.admit(USER, "messages.get", 1.0) is None


def test_window_moves_with_the_clock() -> None:
    meter = QuotaMeter(QuotaModel.Y2025)
    admit_many(meter, "messages.get", 25, now=0.0)
    admit_many(meter, "messages.get", 25, now=0.5)

    assert admit_many(meter, "messages.get", 25, now=1.0) == [None] * 25
    assert meter.admit(USER, "messages.get", 1.0) == 1


def test_2026_model_charges_twenty_per_get_within_a_minute() -> None:
    meter = QuotaMeter(QuotaModel.Y2026)

    assert admit_many(meter, "messages.get", 300, now=0.0) == [None] * 300
    assert meter.admit(USER, "messages.get", 30.0) == 30
    assert meter.admit(USER, "messages.list", 60.0) is None


def test_send_costs_one_hundred_in_both_models() -> None:
    for model in QuotaModel:
        meter = QuotaMeter(model)
        meter.admit(USER, "messages.send", 0.0)
        assert meter.stats(USER).units == 100


def test_refused_calls_are_counted_but_not_charged() -> None:
    meter = QuotaMeter(QuotaModel.Y2025)
    admit_many(meter, "messages.send", 3, now=0.0)

    stats = meter.stats(USER)

    assert (stats.units, stats.rate_limited) == (200, 1)
