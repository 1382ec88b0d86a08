"""The report's Ask / Skip rows: a few companies at a time, the decision ticked, paging both ways."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import InlineKeyboardButton

from bot.i18n import Text
from bot.services.decisions import Choice, Decision
from bot.services.scans import Found
from brokers.accounts import AccountId
from brokers.catalog import load_bundled
from handlers.callbacks import parse_callback
from handlers.names import button_name
from handlers.report_picks import NAME_CHARS, PAGE, pick_rows

CATALOG = load_bundled()
DAY = datetime(2026, 3, 1, tzinfo=UTC)
EN = Text("en")


def choices(count: int) -> list[Choice]:
    brokers = CATALOG.enabled()[:count]
    decisions = [Decision.UNDECIDED, Decision.ASK, Decision.SKIP]
    return [Choice(Found(b, 2, DAY, DAY), decisions[i % 3]) for i, b in enumerate(brokers)]


def texts(rows: list[list[InlineKeyboardButton]]) -> list[list[str]]:
    return [[button.text for button in row] for row in rows]


def test_first_page_shows_a_few_companies_and_more() -> None:
    listed = choices(12)
    rows = pick_rows(EN, listed, AccountId(7), 0, "ab")
    names = [button_name(c.found.broker.name, NAME_CHARS) for c in listed]
    assert "33 Mile Radius LLC" in names  # its note "(Remodeling.com)" would not fit
    assert texts(rows) == [
        [f"Ask {names[0]}", "Skip"],
        [f"✓ Asking {names[1]}", "Skip"],
        [f"Ask {names[2]}", "✗ Skipped"],
        [f"Ask {names[3]}", "Skip"],
        [f"✓ Asking {names[4]}", "Skip"],
        ["More (1/3) »"],
    ]


def test_last_page_goes_back_and_has_the_rest() -> None:
    rows = pick_rows(EN, choices(12), AccountId(7), 2, "ab")
    assert len(rows) == 12 - 2 * PAGE + 1
    assert texts(rows)[-1] == ["« Back"]


def test_page_past_the_end_shows_the_last_page() -> None:
    assert pick_rows(EN, choices(12), AccountId(7), 9, "ab") == pick_rows(
        EN, choices(12), AccountId(7), 2, "ab"
    )


def test_every_button_fits_callback_data_and_parses() -> None:
    for page in range(3):
        for row in pick_rows(EN, choices(12), AccountId(123456), page, "0123456789abcdef"):
            for button in row:
                assert isinstance(button.callback_data, str)
                assert parse_callback(button.callback_data) is not None


def test_no_companies_no_rows() -> None:
    assert pick_rows(EN, [], AccountId(7), 0, "ab") == []
