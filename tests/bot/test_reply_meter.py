"""The reply checks' load as /health shows it: the median delay past their due time and the Gmail units
of the last hour; older samples drop out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.reply_meter import ReplyCheckLoad, ReplyCheckMeter

NOW = datetime(2026, 11, 2, 12, tzinfo=UTC)


def test_median_delay_and_units_of_the_last_hour() -> None:
    meter = ReplyCheckMeter()
    for delay in (5, 10, 600):
        meter.started(NOW, NOW - timedelta(seconds=delay))
    meter.spent(NOW, 3)
    meter.spent(NOW, 1)
    assert meter.load(NOW) == ReplyCheckLoad(3, timedelta(seconds=10), 4)


def test_samples_older_than_an_hour_drop_out() -> None:
    meter = ReplyCheckMeter()
    meter.started(NOW, NOW - timedelta(minutes=30))
    meter.spent(NOW, 100)
    later = NOW + timedelta(minutes=61)
    meter.started(later, later)
    assert meter.load(later) == ReplyCheckLoad(1, timedelta(0), 0)


def test_a_check_run_early_counts_no_negative_delay() -> None:
    meter = ReplyCheckMeter()
    meter.started(NOW, NOW + timedelta(seconds=30))
    assert meter.load(NOW).median_delay == timedelta(0)


def test_no_checks_no_median() -> None:
    assert ReplyCheckMeter().load(NOW) == ReplyCheckLoad(0, None, 0)
