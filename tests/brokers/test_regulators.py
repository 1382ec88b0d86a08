"""Tests for choosing the authority a complaint goes to."""

import pytest

from brokers.errors import NoRegulator
from brokers.jurisdictions import EEA_COUNTRIES
from brokers.laws import LawFamily, all_laws, law_by_code
from brokers.regulators import (
    CALIFORNIA_AG,
    CPPA,
    DPAS,
    EU_FALLBACK,
    ICO,
    OPC,
    all_regulators_for,
    regulator_for,
)


def test_every_eea_country_has_a_dpa_with_an_https_page() -> None:
    assert DPAS.keys() == set(EEA_COUNTRIES)
    assert all(dpa.complaint_url.startswith("https://") for dpa in DPAS.values())


def test_gdpr_complaint_goes_to_the_dpa_where_the_person_lives() -> None:
    assert regulator_for(law_by_code("gdpr"), "FR").name.startswith("Commission nationale")


def test_gdpr_outside_the_eea_goes_to_the_brokers_dpa_or_the_edpb_list() -> None:
    gdpr = law_by_code("gdpr")
    assert regulator_for(gdpr, "OTHER", broker_country="IE") == DPAS["IE"]
    assert regulator_for(gdpr, "OTHER") == EU_FALLBACK


def test_uk_pipeda_and_california() -> None:
    assert regulator_for(law_by_code("uk_gdpr"), "GB") == ICO
    assert regulator_for(law_by_code("pipeda"), "CA") == OPC
    assert all_regulators_for(law_by_code("ccpa"), "US-CA") == (CPPA, CALIFORNIA_AG)


def test_every_state_law_has_its_attorney_general() -> None:
    for law in all_laws():
        if law.family is LawFamily.US_STATE:
            regulator = regulator_for(law, law.jurisdictions[0])
            assert regulator.jurisdiction == law.jurisdictions[0]
            assert regulator.complaint_url.startswith("https://")


def test_generic_law_has_no_regulator() -> None:
    with pytest.raises(NoRegulator):
        regulator_for(law_by_code("generic"), "OTHER")
