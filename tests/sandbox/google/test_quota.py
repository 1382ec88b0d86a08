"""The per-user quota meter: unit costs of both models and the moving window."""

from __future__ import annotations

from bot.sandbox.google.quota import QuotaMeter, QuotaModel

USER = "me@gmail.com"


def admit_many(meter: QuotaMeter, method: str, count: int, now: float) -> list[tuple[int, bool] | None]:
    return [meter.admit(USER, method, now) for _ in range(count)]


def test_2025_model_allows_fifty_gets_a_second() -> None:
    meter = QuotaMeter(QuotaModel.Y2025)

    assert admit_many(meter, "messages.get", 50, now=0.0) == [None] * 50
    assert meter.admit(USER, "messages.get", 0.5) == (1, False)
    assert meter.admit(USER, "messages.get", 1.0) is None


def test_window_moves_with_the_clock() -> None:
    meter = QuotaMeter(QuotaModel.Y2025)
    admit_many(meter, "messages.get", 25, now=0.0)
    admit_many(meter, "messages.get", 25, now=0.5)

    assert admit_many(meter, "messages.get", 25, now=1.0) == [None] * 25
    assert meter.admit(USER, "messages.get", 1.0) == (1, False)


def test_2026_model_charges_twenty_per_get_within_a_minute() -> None:
    meter = QuotaMeter(QuotaModel.Y2026)

    assert admit_many(meter, "messages.get", 300, now=0.0) == [None] * 300
    assert meter.admit(USER, "messages.get", 30.0) == (30, False)
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


def test_project_limit_holds_across_users() -> None:
    # 1,200,000 units a minute per project: here 300, so 60 users at 5 units each fill it.
    meter = QuotaMeter(QuotaModel.Y2025, project_units=300)
    users = [f"u{n}@gmail.com" for n in range(61)]
    assert [meter.admit(u, "messages.get", 0.0) for u in users[:60]] == [None] * 60
    assert meter.admit(users[60], "messages.get", 30.0) == (30, True)
    assert meter.admit(users[60], "messages.get", 60.0) is None
    assert meter.project_refused == 1
    assert meter.stats(users[60]).units == 5  # the refused call was not charged
