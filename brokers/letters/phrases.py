"""The small localised pieces letters are assembled from: dates, periods, law names and languages."""

from __future__ import annotations

from datetime import date
from typing import Final

from brokers.laws import Law, LawFamily, Period, Unit

SUPPORTED_LANGUAGES: Final = ("en", "de", "fr", "es")

_MONTHS: Final = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
}

# Country -> language of letters to brokers established there, for the languages we write.
COUNTRY_LANGUAGES: Final = {
    **dict.fromkeys(("DE", "AT", "LI"), "de"),
    **dict.fromkeys(("FR", "BE", "LU", "MC"), "fr"),
    **dict.fromkeys(
        ("ES", "MX", "AR", "CO", "CL", "PE", "VE", "EC", "UY", "PY", "BO", "CR", "PA", "DO"), "es"
    ),
}

_GDPR_ABBREVIATIONS: Final = {"en": "GDPR", "de": "DSGVO", "fr": "RGPD", "es": "RGPD"}

# "within <period>" as each language says it, by unit: singular and plural forms.
_WITHIN: Final = {
    "en": {
        Unit.CALENDAR_MONTHS: ("within one month", "within {n} months"),
        Unit.CALENDAR_DAYS: ("within one day", "within {n} days"),
        Unit.BUSINESS_DAYS: ("within one business day", "within {n} business days"),
    },
    "de": {
        Unit.CALENDAR_MONTHS: ("innerhalb eines Monats", "innerhalb von {n} Monaten"),
        Unit.CALENDAR_DAYS: ("innerhalb eines Tages", "innerhalb von {n} Tagen"),
        Unit.BUSINESS_DAYS: ("innerhalb eines Werktages", "innerhalb von {n} Werktagen"),
    },
    "fr": {
        Unit.CALENDAR_MONTHS: ("dans un délai d'un mois", "dans un délai de {n} mois"),
        Unit.CALENDAR_DAYS: ("dans un délai d'un jour", "dans un délai de {n} jours"),
        Unit.BUSINESS_DAYS: ("dans un délai d'un jour ouvrable", "dans un délai de {n} jours ouvrables"),
    },
    "es": {
        Unit.CALENDAR_MONTHS: ("en el plazo de un mes", "en el plazo de {n} meses"),
        Unit.CALENDAR_DAYS: ("en el plazo de un día", "en el plazo de {n} días"),
        Unit.BUSINESS_DAYS: ("en el plazo de un día hábil", "en el plazo de {n} días hábiles"),
    },
}


def format_date(day: date, language: str) -> str:
    month = _MONTHS[language].split()[day.month - 1]
    if language == "de":
        return f"{day.day}. {month} {day.year}"
    if language == "es":
        return f"{day.day} de {month} de {day.year}"
    if language == "fr" and day.day == 1:
        return f"1er {month} {day.year}"
    return f"{day.day} {month} {day.year}"


def within(period: Period, language: str) -> str:
    one, many = _WITHIN[language][period.unit]
    return one if period.amount == 1 else many.format(n=period.amount)


def regulation_name(law: Law, language: str) -> str:
    """How a letter in `language` names the law: "DSGVO", "UK GDPR", "CCPA"."""
    if law.family is LawFamily.GDPR:
        return _GDPR_ABBREVIATIONS[language]
    return law.short_name
