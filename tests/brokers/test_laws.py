"""Tests for the law table and the rule that picks the law for a request."""

from datetime import date

import pytest

from brokers.jurisdictions import US_STATES
from brokers.laws import LawFamily, Unit, all_laws, law_by_code, law_for, state_law_for
from tests.brokers.legal_factories import make_broker

TODAY = date(2026, 11, 27)


@pytest.mark.parametrize(("jurisdiction", "code"), [("DE", "gdpr"), ("NO", "gdpr"), ("GB", "uk_gdpr")])
def test_law_for_europe_is_the_gdpr_whatever_the_broker(jurisdiction: str, code: str) -> None:
    assert law_for(jurisdiction, make_broker(country="US"), TODAY).code == code


@pytest.mark.parametrize(
    ("state", "code"),
    [
        ("US-CA", "ccpa"),
        ("US-VA", "vcdpa"),
        ("US-CO", "cpa"),
        ("US-CT", "ctdpa"),
        ("US-UT", "ucpa"),
        ("US-TX", "tdpsa"),
        ("US-OR", "ocpa"),
        ("US-MT", "mcdpa"),
        ("US-IA", "icdpa"),
        ("US-MN", "mncdpa"),
        ("US-RI", "ridtppa"),
    ],
)
def test_law_for_a_us_state_is_its_own_law(state: str, code: str) -> None:
    assert law_for(state, make_broker(), TODAY).code == code


def test_law_for_a_state_law_not_yet_in_force_falls_back() -> None:
    assert law_for("US-KY", make_broker(), date(2025, 12, 31)).code == "generic"
    assert law_for("US-KY", make_broker(), date(2026, 1, 1)).code == "kcdpa"


def test_law_for_a_state_without_a_law_is_generic_for_a_us_broker() -> None:
    assert law_for("US-NY", make_broker(country="US"), TODAY).code == "generic"


@pytest.mark.parametrize(("broker_country", "code"), [("FR", "gdpr"), ("GB", "uk_gdpr"), ("US", "generic")])
def test_law_for_other_places_follows_the_brokers_establishment(broker_country: str, code: str) -> None:
    broker = make_broker(country=broker_country)
    assert law_for("OTHER", broker, TODAY).code == code
    assert law_for("US-NY", broker, TODAY).code == code


def test_law_for_canada_is_pipeda_not_california() -> None:
    assert law_for("CA", make_broker(), TODAY).code == "pipeda"


@pytest.mark.parametrize("jurisdiction", ["US-CA", "US-VA", "CA", "OTHER"])
@pytest.mark.parametrize(("broker_country", "code"), [("DE", "gdpr"), ("IE", "gdpr"), ("GB", "uk_gdpr")])
def test_law_for_a_broker_established_in_europe_is_its_law_wherever_the_person_lives(
    jurisdiction: str, broker_country: str, code: str
) -> None:
    assert law_for(jurisdiction, make_broker(country=broker_country), TODAY).code == code


def test_law_for_a_european_person_stays_their_own_whatever_the_broker() -> None:
    assert law_for("DE", make_broker(country="GB"), TODAY).code == "gdpr"
    assert law_for("GB", make_broker(country="DE"), TODAY).code == "uk_gdpr"


def test_every_state_law_names_a_real_state_and_one_per_state() -> None:
    states = [law.jurisdictions for law in all_laws() if law.family is LawFamily.US_STATE]
    flat = [state for group in states for state in group]
    assert set(flat) <= US_STATES.keys()
    assert len(flat) == len(set(flat)) == 20


def test_state_laws_in_force_on_2026_11_are_twenty() -> None:
    in_force = [s for s in US_STATES if state_law_for(s, TODAY) is not None]
    assert len(in_force) == 20


def test_gdpr_counts_in_months_and_allows_two_more() -> None:
    gdpr = law_by_code("gdpr")
    assert (gdpr.response.amount, gdpr.response.unit) == (1, Unit.CALENDAR_MONTHS)
    assert gdpr.extension is not None
    assert gdpr.extension.amount == 2
    assert gdpr.has_marketing_objection
    assert not gdpr.has_opt_out


def test_ccpa_requires_receipt_within_ten_business_days_and_has_no_appeal() -> None:
    ccpa = law_by_code("ccpa")
    assert ccpa.receipt_confirmation is not None
    assert (ccpa.receipt_confirmation.amount, ccpa.receipt_confirmation.unit) == (10, Unit.BUSINESS_DAYS)
    assert ccpa.appeal is None
    assert ccpa.has_opt_out


@pytest.mark.parametrize(
    ("code", "days", "extension"), [("icdpa", 90, 45), ("fdbr", 45, 15), ("vcdpa", 45, 45)]
)
def test_state_response_periods(code: str, days: int, extension: int) -> None:
    law = law_by_code(code)
    assert law.response.amount == days
    assert law.extension is not None
    assert law.extension.amount == extension


def test_utah_has_no_appeal_and_colorado_may_extend_its_appeal() -> None:
    assert law_by_code("ucpa").appeal is None
    colorado = law_by_code("cpa").appeal
    assert colorado is not None
    assert (colorado.respond_days, colorado.extension_days) == (45, 60)


def test_only_eu_uk_and_us_laws_promise_a_statutory_deadline() -> None:
    assert not law_by_code("pipeda").statutory_deadline
    assert not law_by_code("generic").statutory_deadline
    assert all(law.statutory_deadline for law in all_laws() if law.family is LawFamily.US_STATE)


def test_law_by_code_rejects_an_unknown_code() -> None:
    with pytest.raises(KeyError):
        law_by_code("hipaa")
