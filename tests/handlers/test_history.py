"""History reasons as the person reads them; stored reasons stay English data."""

from __future__ import annotations

import pytest

from bot.i18n import Text
from handlers.history import reason_label


@pytest.mark.parametrize(
    ("reason", "german"),
    [
        ("confirmed by the person", "von dir bestätigt"),
        ("Gmail accepted it", "Gmail hat ihn angenommen"),
        ("reply: acknowledged", "sie haben den Eingang bestätigt"),
        ("follow_up letter sent", "Nachfrage gesendet"),
        ("redrafted under gdpr", "für deinen jetzigen Wohnort neu verfasst"),
    ],
)
def test_known_reasons_are_labelled_in_german(reason: str, german: str) -> None:
    assert reason_label(Text("de"), reason) == german


@pytest.mark.parametrize(
    "reason", ["TimeoutError", "reply: nonsense", "letter sent", "follow_up letter lost", ""]
)
def test_unknown_reasons_have_no_label_rather_than_english(reason: str) -> None:
    assert reason_label(Text("de"), reason) is None
