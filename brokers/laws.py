"""The privacy laws a deletion request can rest on, and the rule that picks one for a user and a broker.

Which law applies (`law_for`), in this order:

1. the user lives in the EU/EEA: the GDPR (it also reaches non-EU brokers that target or monitor people
   there, Art. 3(2));
2. the user lives in the United Kingdom: the UK GDPR;
3. the user lives in a US state whose comprehensive privacy law is in force on the day of sending: that law;
4. the user lives in Canada: PIPEDA;
5. otherwise, a broker established in the EU/EEA or the UK is still bound by the GDPR or the UK GDPR for its
   own processing, wherever the person lives (Art. 3(1));
6. otherwise: "generic", a polite request without a statutory deadline.

The per-law facts live in `brokers.law_table`; this module holds their shape and the choice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from brokers.holidays import HolidayCalendar
from brokers.jurisdictions import EEA_COUNTRIES, UNITED_KINGDOM, Region, region_of

if TYPE_CHECKING:
    from brokers.catalog import Broker


class LawFamily(StrEnum):
    """Laws that share wording in letters."""

    GDPR = "gdpr"
    UK_GDPR = "uk_gdpr"
    US_STATE = "us_state"
    PIPEDA = "pipeda"
    GENERIC = "generic"


class Unit(StrEnum):
    CALENDAR_MONTHS = "calendar_months"
    CALENDAR_DAYS = "calendar_days"
    BUSINESS_DAYS = "business_days"


@dataclass(frozen=True, slots=True)
class Period:
    amount: int
    unit: Unit


@dataclass(frozen=True, slots=True)
class Appeal:
    """The internal appeal a US state law gives against a refusal, before the Attorney General steps in.

    `respond_days` is the business's time to decide the appeal (calendar days), `extension_days` how much
    longer it may take with notice (0: none). These statutes tell a business that denies an appeal to point
    the consumer to the Attorney General, so the appeal is the expected step before a complaint.
    """

    respond_days: int
    extension_days: int = 0


@dataclass(frozen=True, slots=True)
class Law:
    """One privacy law: its deadlines and the provisions a deletion letter cites."""

    code: str
    short_name: str
    name: str
    family: LawFamily
    jurisdictions: tuple[str, ...]
    effective: date | None
    response: Period
    extension: Period | None = None
    receipt_confirmation: Period | None = None
    appeal: Appeal | None = None
    deletion_citation: str | None = None
    opt_out_citation: str | None = None
    objection_citation: str | None = None
    timeline_citation: str | None = None
    statutory_deadline: bool = True
    roll_to_working_day: bool = False
    holidays: HolidayCalendar = HolidayCalendar.NONE

    def is_in_force(self, on: date) -> bool:
        return self.effective is None or self.effective <= on

    @property
    def has_opt_out(self) -> bool:
        """The law gives a right to opt out of the sale or sharing of personal data."""
        return self.opt_out_citation is not None

    @property
    def has_marketing_objection(self) -> bool:
        """The law gives an unconditional right to object to direct marketing."""
        return self.objection_citation is not None

    @property
    def is_gdpr_like(self) -> bool:
        return self.family in (LawFamily.GDPR, LawFamily.UK_GDPR)


def _table() -> Mapping[str, Law]:
    # The table imports this module for its types, so it is loaded on first use.
    from brokers.law_table import LAWS

    return LAWS


def law_by_code(code: str) -> Law:
    """The law with this code; raise KeyError for an unknown one."""
    return _table()[code]


def all_laws() -> tuple[Law, ...]:
    return tuple(_table().values())


def state_law_for(jurisdiction: str, on: date) -> Law | None:
    """The comprehensive privacy law of a US state in force on that day, if there is one."""
    for law in _table().values():
        if law.family is LawFamily.US_STATE and jurisdiction in law.jurisdictions and law.is_in_force(on):
            return law
    return None


def law_for(jurisdiction: str, broker: Broker, on: date) -> Law:
    """The law a request from a person in `jurisdiction` to `broker`, sent on `on`, rests on.

    A person in Europe cites their own law. Anyone else writing to a broker established in Europe cites
    the broker's: the GDPR covers all processing by an EEA establishment whoever it concerns (Art. 3(1)),
    while a US state law or PIPEDA reaches a foreign company only under thresholds the person cannot check.
    """
    laws = _table()
    region = region_of(jurisdiction)
    if region is Region.EU_EEA:
        return laws["gdpr"]
    if region is Region.UK:
        return laws["uk_gdpr"]
    if broker.country in EEA_COUNTRIES:
        return laws["gdpr"]
    if broker.country == UNITED_KINGDOM:
        return laws["uk_gdpr"]
    if region is Region.US:
        state_law = state_law_for(jurisdiction, on)
        if state_law is not None:
            return state_law
    if region is Region.CANADA:
        return laws["pipeda"]
    return laws["generic"]
