"""Which well-known brokers a person is offered without evidence: those that serve where they live."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from brokers.catalog import GLOBAL, Catalog, load_bundled
from brokers.jurisdictions import OTHER, Region, region_of
from brokers.laws import LawFamily, law_for
from tests.brokers.legal_factories import make_broker


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_bundled()


def test_californian_is_offered_no_schufa_and_no_uk_credit_agency(catalog: Catalog) -> None:
    offered = {b.id for b in catalog.well_known_for(region_of("US-CA"))}
    assert {"equifax", "transunion", "spokeo"} <= offered
    assert not offered & {"schufa", "equifax-uk", "experian-uk", "crif-de"}


def test_german_is_offered_schufa_and_no_us_people_search(catalog: Catalog) -> None:
    offered = {b.id for b in catalog.well_known_for(region_of("DE"))}
    assert "schufa" in offered
    assert not offered & {"spokeo", "equifax", "equifax-uk"}


def test_somewhere_else_is_offered_only_global_brokers() -> None:
    local = replace(make_broker(), well_known=True)
    everywhere = replace(local, id="everywhere", regions=(GLOBAL,))
    offered = Catalog((local, everywhere)).well_known_for(region_of(OTHER))
    assert [b.id for b in offered] == ["everywhere"]


def test_broker_serves_only_the_regions_it_lists() -> None:
    broker = replace(make_broker(), regions=("EU", "UK"))
    assert [r for r in Region if broker.serves(r)] == [Region.EU_EEA, Region.UK]


@pytest.mark.parametrize(
    ("jurisdiction", "family", "code"),
    [
        ("US-CA", LawFamily.US_STATE, "ccpa"),
        ("DE", LawFamily.GDPR, "gdpr"),
        (OTHER, LawFamily.GENERIC, "generic"),
    ],
)
def test_cited_law_follows_where_the_person_lives(jurisdiction: str, family: LawFamily, code: str) -> None:
    law = law_for(jurisdiction, make_broker(country="US"), date(2026, 12, 1))
    assert (law.family, law.code) == (family, code)
