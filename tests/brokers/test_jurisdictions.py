"""Tests for jurisdiction codes and regions."""

import pytest

from brokers.errors import UnknownJurisdiction
from brokers.jurisdictions import (
    EEA_COUNTRIES,
    US_STATES,
    Region,
    is_known_jurisdiction,
    normalize_jurisdiction,
    region_of,
)


def test_eea_has_the_27_eu_members_and_iceland_liechtenstein_norway() -> None:
    assert len(set(EEA_COUNTRIES)) == len(EEA_COUNTRIES) == 30
    assert {"IS", "LI", "NO"} <= set(EEA_COUNTRIES)
    assert "GB" not in EEA_COUNTRIES
    assert "CH" not in EEA_COUNTRIES


def test_greece_uses_the_iso_code_not_the_eu_one() -> None:
    assert "GR" in EEA_COUNTRIES
    assert not is_known_jurisdiction("EL")


def test_us_states_are_the_50_states_and_dc() -> None:
    assert len(US_STATES) == 51
    assert US_STATES["US-CA"] == "California"
    assert US_STATES["US-DC"] == "District of Columbia"
    assert all(code.startswith("US-") and len(code) == 5 for code in US_STATES)


@pytest.mark.parametrize(
    ("code", "region"),
    [
        ("DE", Region.EU_EEA),
        ("NO", Region.EU_EEA),
        ("GB", Region.UK),
        ("CA", Region.CANADA),
        ("US-CA", Region.US),
        ("US-TX", Region.US),
        ("OTHER", Region.OTHER),
        ("CH", Region.OTHER),
        ("US", Region.OTHER),
        ("de", Region.OTHER),
    ],
)
def test_region_of_maps_each_code_to_its_legal_family(code: str, region: Region) -> None:
    assert region_of(code) is region


def test_canada_is_not_california() -> None:
    assert region_of("CA") is Region.CANADA
    assert region_of("US-CA") is Region.US


@pytest.mark.parametrize("code", ["DE", "GB", "CA", "US-VA", "OTHER"])
def test_known_jurisdictions_are_recognised(code: str) -> None:
    assert is_known_jurisdiction(code)


@pytest.mark.parametrize("code", ["", "US", "UK", "US-XX", "EU", "ZZ", "de"])
def test_unknown_codes_are_rejected(code: str) -> None:
    assert not is_known_jurisdiction(code)


@pytest.mark.parametrize(
    ("text", "code"),
    [("de", "DE"), (" us-ca ", "US-CA"), ("US_TX", "US-TX"), ("uk", "GB"), ("other", "OTHER")],
)
def test_normalize_jurisdiction_accepts_loose_input(text: str, code: str) -> None:
    assert normalize_jurisdiction(text) == code


def test_normalize_jurisdiction_rejects_unknown_input() -> None:
    with pytest.raises(UnknownJurisdiction):
        normalize_jurisdiction("Atlantis")


def test_every_known_code_has_a_region() -> None:
    for code in (*EEA_COUNTRIES, *US_STATES, "GB", "CA", "OTHER"):
        assert isinstance(region_of(code), Region)
