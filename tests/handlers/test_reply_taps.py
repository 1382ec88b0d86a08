"""What a tap on a reply notice says it did, and the reply as shown on request."""

from __future__ import annotations

import pytest

from bot.i18n import Text
from bot.services.tracking import Corrected, Correction
from brokers.lifecycle import RequestStatus
from handlers.reply_taps import correction_line, shortened

S = RequestStatus


@pytest.mark.parametrize(
    ("corrected", "said", "expected"),
    [
        (Corrected(Correction.CHANGED, S.REFUSED, S.COMPLETED), "Acme refused",
         "✔️ You said: Acme refused. Status now: refused (was: deleted)."),
        (Corrected(Correction.ALREADY, S.REFUSED), "Acme refused",
         "It is already marked “refused”; nothing changed."),
        (Corrected(Correction.NOT_ALLOWED, S.CLOSED), "Acme did it",
         "This request is already marked “closed”, so that no longer applies."),
        (Corrected(Correction.NOT_FOUND), "Acme did it", "This request is no longer open."),
    ],
)  # fmt: skip
def test_correction_says_what_the_tap_did(corrected: Corrected, said: str, expected: str) -> None:
    assert correction_line(Text("en"), corrected, said) == expected


def test_correction_reads_in_german() -> None:
    line = correction_line(
        Text("de"), Corrected(Correction.CHANGED, S.REFUSED, S.COMPLETED), "Acme hat abgelehnt"
    )
    assert line == "✔️ Du hast gesagt: Acme hat abgelehnt. Status jetzt: abgelehnt (vorher: gelöscht)."


def test_short_reply_is_shown_as_written() -> None:
    assert shortened("  Hello,\n\nwe need more time.\n") == "Hello,\n\nwe need more time."


def test_long_reply_is_cut_to_the_limit_with_an_ellipsis() -> None:
    text = "word " * 1000
    shown = shortened(text, limit=100)
    assert len(shown) == 100
    assert shown.endswith("word…")
