"""Jurisdiction codes: ISO 3166-1 alpha-2 countries, "US-XX" for US states, and "OTHER"; their regions."""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from brokers.errors import UnknownJurisdiction

OTHER: Final = "OTHER"
UNITED_KINGDOM: Final = "GB"
CANADA: Final = "CA"

EEA_COUNTRIES: Final[tuple[str, ...]] = (
    # The 27 EU member states (ISO codes: Greece is "GR", not the EU's "EL").
    "AT",
    "BE",
    "BG",
    "HR",
    "CY",
    "CZ",
    "DK",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "HU",
    "IE",
    "IT",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
    "SE",
    # The EEA members outside the EU, where the GDPR applies through the EEA Agreement.
    "IS",
    "LI",
    "NO",
)

# Babel (CLDR) names countries in every language but has no names of US states: these stay as data.
US_STATES: Final[dict[str, str]] = {
    "US-AL": "Alabama",
    "US-AK": "Alaska",
    "US-AZ": "Arizona",
    "US-AR": "Arkansas",
    "US-CA": "California",
    "US-CO": "Colorado",
    "US-CT": "Connecticut",
    "US-DE": "Delaware",
    "US-DC": "District of Columbia",
    "US-FL": "Florida",
    "US-GA": "Georgia",
    "US-HI": "Hawaii",
    "US-ID": "Idaho",
    "US-IL": "Illinois",
    "US-IN": "Indiana",
    "US-IA": "Iowa",
    "US-KS": "Kansas",
    "US-KY": "Kentucky",
    "US-LA": "Louisiana",
    "US-ME": "Maine",
    "US-MD": "Maryland",
    "US-MA": "Massachusetts",
    "US-MI": "Michigan",
    "US-MN": "Minnesota",
    "US-MS": "Mississippi",
    "US-MO": "Missouri",
    "US-MT": "Montana",
    "US-NE": "Nebraska",
    "US-NV": "Nevada",
    "US-NH": "New Hampshire",
    "US-NJ": "New Jersey",
    "US-NM": "New Mexico",
    "US-NY": "New York",
    "US-NC": "North Carolina",
    "US-ND": "North Dakota",
    "US-OH": "Ohio",
    "US-OK": "Oklahoma",
    "US-OR": "Oregon",
    "US-PA": "Pennsylvania",
    "US-RI": "Rhode Island",
    "US-SC": "South Carolina",
    "US-SD": "South Dakota",
    "US-TN": "Tennessee",
    "US-TX": "Texas",
    "US-UT": "Utah",
    "US-VT": "Vermont",
    "US-VA": "Virginia",
    "US-WA": "Washington",
    "US-WV": "West Virginia",
    "US-WI": "Wisconsin",
    "US-WY": "Wyoming",
}

_OTHERS: Final = frozenset({UNITED_KINGDOM, CANADA, OTHER})


class Region(StrEnum):
    """The legal families the bot distinguishes; each maps to a default law."""

    EU_EEA = "eu_eea"
    UK = "uk"
    US = "us"
    CANADA = "canada"
    OTHER = "other"


def is_known_jurisdiction(code: str) -> bool:
    """True for an EEA country, "GB", "CA", a "US-XX" state (or DC) and "OTHER"; codes are upper case."""
    return code in EEA_COUNTRIES or code in US_STATES or code in _OTHERS


def region_of(code: str) -> Region:
    """The region of a jurisdiction code; an unknown or unlisted country is Region.OTHER."""
    if code in EEA_COUNTRIES:
        return Region.EU_EEA
    if code == UNITED_KINGDOM:
        return Region.UK
    if code == CANADA:
        return Region.CANADA
    if code in US_STATES:
        return Region.US
    return Region.OTHER


def normalize_jurisdiction(text: str) -> str:
    """Turn user or config input ("de", " us-ca ", "UK") into a known code; raise UnknownJurisdiction."""
    code = text.strip().upper().replace("_", "-")
    if code == "UK":
        code = UNITED_KINGDOM
    if not is_known_jurisdiction(code):
        raise UnknownJurisdiction(text)
    return code
