"""Dates as a person reads them in their language."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date

from bot.i18n import Text


def day(t: Text, when: date | datetime) -> str:
    value = when.date() if isinstance(when, datetime) else when
    return str(format_date(value, format="medium", locale=t.language))
