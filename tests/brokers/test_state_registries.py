"""The Vermont, Oregon and Texas registry importers, and laying them over the catalog (links, parents)."""

from __future__ import annotations

import tomllib
from datetime import date

import pytest

from brokers.catalog import Catalog, apply_links, broker_from_record
from brokers.catalog_check import check_catalog
from brokers.importers.bundle import Source
from brokers.importers.registry_links import link_registries, registries_toml
from brokers.importers.state_registries import (
    parse_oregon_registry,
    parse_texas_registry,
    parse_vermont_registry,
)

SEEN = date(2026, 10, 7)
VERMONT = (
    "Data Broker Name:,Registration ID:,Status:,Business Type:,Created Date:,Address:,Email Address:,"
    "Primary Internet Address:,3. Does the data broker permit a consumer to opt out? :\n"
    '"ACME DATA, INC.",100,EXPIRED,Data Broker,1/30/2019,"1 Main St",optout@acme.test,www.acme.test,Yes\n'
    '"ACME DATA, INC.",200,ACTIVE,Data Broker,1/28/2020,"1 Main St",privacy@acme.test,www.acme.test,Yes\n'
    "Person Corp,300,ACTIVE,Data Broker,1/28/2020,x,jane.doe@person.test,person.test,No\n"
    '"Nosite Lists (DBA: Nosite)",400,ACTIVE,Data Broker,2/1/2020,x,privacy@nositelists.test,,No\n'
    "Agent Filed LLC,500,ACTIVE,Data Broker,2/1/2020,x,taxreg@someagent.test,,No\n"
)
OREGON = (
    "# a snapshot's provenance header\n"
    '"LICENSE NO.","FACILITY NAME","DOING BUSINESS AS","UPDATE DATE","OPT OUT EMAIL","OPT OUT WEBSITE",'
    '"ADDITIONAL WEBSITE"\n'
    '"DATA-1","BIG BROKER LLC","Big Broker","12/01/2025","askprivacy@bigbroker.test","bigbroker.test",""\n'
    '"DATA-2","PORTAL USER INC","PORTAL USER INC","12/01/2025","",'
    '"https://privacyportal.onetrust.com/webform/x",""\n'
    '"DATA-3","HOLDING CO","Sub Brand","12/01/2025","privacy@holding.test",'
    '"https://myprivacy.holding.test/opt-out","https://unrelated.test"\n'
)
TEXAS = (
    '"Registration Number","Full Legal Name","Data Broker Email Address","Website","Consumer Rights Link",'
    '"Submitted On"\n'
    '"1","Family Sites, LLC","legal@familyco.test","main.test, brand-a.test; brand-b.test",'
    '"https://www.main.test/optout","2/26/2026"\n'
    '"2","Elsewhere Inc","privacy@elsewhere.test","www.elsewhere.test","https://other.test/form","1/5/2026"\n'
)


def test_vermont_keeps_the_latest_filing_and_leaves_a_named_persons_address_out() -> None:
    result = parse_vermont_registry(VERMONT, SEEN)
    by_domain = {r["domains"][0]: r for r in reversed(result.records)}
    acme = by_domain["acme.test"]  # the first of its filings, which the merge keeps
    assert acme["email"] == "privacy@acme.test"  # the 2020 filing, not 2019's
    assert acme["registries"] == ["VT"] and acme["name"] == "Acme Data, Inc."
    assert "registration 200" in acme["notes"] and "form_url" not in acme  # a home page is no form
    person = by_domain["person.test"]
    assert "email" not in person and person["accepts_email"] is False
    assert "named person" in person["notes"]
    # No website: the address's domain stands in when it carries the registrant's name ...
    assert by_domain["nositelists.test"]["name"] == "Nosite Lists"
    # ... but an agent's address names someone else.
    assert [s.name for s in result.skipped] == ["Agent Filed LLC"]


def test_oregon_takes_only_sites_on_the_filed_address_domain() -> None:
    result = parse_oregon_registry(OREGON, SEEN)
    by_id = {r["id"]: r for r in result.records}
    assert by_id["big-broker"]["domains"] == ["bigbroker.test"]
    assert by_id["big-broker"]["email"] == "askprivacy@bigbroker.test"
    assert by_id["sub-brand"]["domains"] == ["holding.test"]  # unrelated.test is not its own
    assert [s.name for s in result.skipped] == ["PORTAL USER INC"]  # a shared portal is nobody's site


def test_texas_keeps_every_site_of_a_registrant_and_a_rights_page_on_its_own_site() -> None:
    result = parse_texas_registry(TEXAS, SEEN)
    family, elsewhere = result.records
    assert family["domains"] == ["main.test", "brand-a.test", "brand-b.test"]
    assert family["form_url"] == "https://www.main.test/optout" and family["registries"] == ["TX"]
    assert "form_url" not in elsewhere  # its rights link points at another company's site


@pytest.mark.parametrize(
    "parse", [parse_vermont_registry, parse_oregon_registry, parse_texas_registry], ids=["vt", "or", "tx"]
)
def test_a_file_that_is_not_the_registry_is_refused(parse: object) -> None:
    assert callable(parse)
    with pytest.raises(ValueError, match=r"(?i)registry"):
        parse("name,website\nAcme,acme.test\n", SEEN)
    with pytest.raises(ValueError, match="empty"):
        parse("# only a comment\n", SEEN)


def _broker(id_: str, *domains: str, **extra: object) -> dict[str, object]:
    return {
        "id": id_,
        "name": id_,
        "kind": "broker",
        "category": "people_search",
        "domains": list(domains),
        "source": "test",
        "checked": SEEN,
        "form_url": f"https://{domains[0]}/optout",
        **extra,
    }


CATALOG = Catalog(
    tuple(
        broker_from_record(r)
        for r in (
            _broker("main", "main.test", email="privacy@main.test"),
            _broker("brand-a", "brand-a.test"),
            _broker("brand-b", "brand-b.test", "famil.test"),
            _broker("parentco", "parentco.test", email="privacy@parentco.test"),
            _broker("sending-host", "own.test", "shared-mail.test"),
            _broker("named", "named.test", email="jane.doe@named.test"),
            _broker("curated-named", "curated.test", email="john.roe@curated.test"),
        )
    )
)


def _texas(*rows: str) -> Source:
    header = (
        '"Registration Number","Full Legal Name","Data Broker Email Address","Website",'
        '"Consumer Rights Link","Submitted On"\n'
    )
    return Source("the Texas registry", SEEN, parse_texas_registry(header + "".join(rows), SEEN).records)


def test_registries_link_listed_records_add_new_ones_and_name_parents() -> None:
    source = _texas(
        '"1","Family Sites, LLC","privacy@main.test","main.test, brand-a.test, brand-b.test",'
        '"https://main.test/optout","2/26/2026"\n',
        '"2","Child Brand","privacy@parentco.test","child.test","","1/5/2026"\n',
        '"3","Via Host Co","privacy@shared-mail.test","viahost.test","","1/5/2026"\n',
        '"4","Named Co","privacy@named.test","named.test","","1/5/2026"\n',
        '"5","Main Again","optout@main.test","main.test","","1/5/2026"\n',
    )
    result = link_registries(CATALOG, [source], curated=frozenset({"curated-named"}))
    assert {(r.broker_id, r.registry) for r in result.registrations} >= {
        ("main", "TX"),
        ("brand-a", "TX"),
        ("brand-b", "TX"),
    }
    parents = {p.broker_id: p.parent for p in result.parents}
    assert parents["brand-a"] == "main" and parents["brand-b"] == "main"
    # Filing another listed company's address: that company answers for the new registrant ...
    assert parents["child-brand"] == "parentco" and "child-brand" in result.records
    # ... but not a domain a record only holds as a sending host.
    assert "via-host-co" not in parents
    assert ("main", "optout@main.test") in {(d.broker_id, d.theirs) for d in result.disagreements}
    fixes = {f.broker_id: f.email for f in result.addresses}
    assert fixes == {"named": "privacy@named.test"}  # a hand-edited record is left to its editor


def test_a_named_persons_address_without_a_role_mailbox_leaves_the_web_form() -> None:
    result = link_registries(CATALOG, [_texas()])
    assert {(f.broker_id, f.email) for f in result.addresses} == {("named", ""), ("curated-named", "")}


def test_the_registries_file_loads_back_onto_the_catalog() -> None:
    source = _texas(
        '"1","Family Sites, LLC","privacy@main.test","main.test, brand-a.test","","2/26/2026"\n',
        '"4","Named Co","privacy@named.test","named.test","","1/5/2026"\n',
        '"9","New Broker","privacy@newbroker.test","newbroker.test","","1/5/2026"\n',
    )
    parsed = tomllib.loads(registries_toml(link_registries(CATALOG, [source])))
    brokers = [*CATALOG.brokers, *(broker_from_record(r) for r in parsed["broker"])]
    linked = Catalog(tuple(apply_links(brokers, parsed)))
    brand = linked.get("brand-a")
    assert brand is not None and brand.parent == "main" and brand.registries == ("TX",)
    assert "Texas Data Broker Registry" in brand.source
    assert [b.id for b in linked.covered_by("main")] == ["brand-a"]
    named = linked.get("named")
    assert named is not None and named.email == "privacy@named.test" and "named a person" in named.notes
    assert linked.get("new-broker") is not None
    # Links to records the catalog no longer holds are left out, not an error.
    stale = {"registration": [{"broker_id": "gone", "registry": "TX", "source": "x", "seen": SEEN}]}
    assert apply_links(list(CATALOG.brokers), stale) == list(CATALOG.brokers)


def test_no_parent_loop_even_when_two_registrants_name_each_other() -> None:
    first = _texas('"1","A","privacy@main.test","main.test, brand-a.test","","1/1/2026"\n')
    second = _texas('"2","B","privacy@brand-a.test","brand-a.test, main.test","","1/1/2026"\n')
    result = link_registries(CATALOG, [first, second])
    assert [(p.broker_id, p.parent) for p in result.parents] == [("brand-a", "main")]


def test_check_reports_foreign_sister_and_personal_addresses_and_bad_parents() -> None:
    catalog = Catalog(
        tuple(
            broker_from_record(r)
            for r in (
                # Data Axle's old mistake: a sister brand's mailbox on none of its own domains.
                _broker("axle", "data-axle.test", email="doba_privacy@donorbase.test"),
                # The same mistake once the brand's domain was added: a list gives the own address.
                _broker("axle-2", "axle2.test", "donor2.test", email="privacy@donor2.test"),
                _broker("de-arm", "experian.de", email="datenschutz@experian.com"),  # same brand
                _broker("ticketed", "tick.test", email="privacy@tick.zendesk.com"),  # ticket system
                _broker("kid", "kid.test", email="privacy@parentco.test", parent="parentco"),
                _broker("parentco", "parentco.test", email="privacy@parentco.test"),
                _broker("orphan", "orphan.test", parent="nobody"),
                _broker("loop-a", "loop-a.test", parent="loop-b"),
                _broker("loop-b", "loop-b.test", parent="loop-a"),
                _broker("named", "named.test", email="jane.doe@named.test"),
            )
        )
    )
    disagreements = [
        {"broker_id": "axle-2", "field": "email", "ours": "x", "theirs": "privacyteam@axle2.test",
         "source": "the Oregon registry", "seen": SEEN},
        {"broker_id": "named", "field": "email", "ours": "x", "theirs": "jane.doe@named.test",
         "source": "settled", "seen": SEEN},
    ]  # fmt: skip
    found = sorted((f.kind, f.broker_id) for f in check_catalog(catalog, disagreements))
    assert found == [
        ("bad_parent", "loop-a"),
        ("bad_parent", "loop-b"),
        ("bad_parent", "orphan"),
        ("disagreement", "axle-2"),
        ("foreign_email", "axle"),
        ("personal_email", "named"),
        ("sister_email", "axle-2"),
    ]


def test_the_bundled_data_axle_record_writes_to_its_own_domain() -> None:
    from brokers.catalog import load_bundled

    catalog = load_bundled()
    axle = catalog.get("data-axle")
    assert axle is not None and axle.email == "privacyteam@data-axle.com"
    assert not [f for f in check_catalog(catalog) if f.broker_id == "data-axle" and f.kind != "disagreement"]
    # The registries name the people-search families: one request to BeenVerified covers PeopleLooker.
    assert {"peoplelooker", "neighborwho"} <= {b.id for b in catalog.covered_by("beenverified")}


def test_brands_an_oregon_registrant_does_business_as_are_covered_by_it() -> None:
    oregon = (
        '"LICENSE NO.","FACILITY NAME","DOING BUSINESS AS","UPDATE DATE","OPT OUT EMAIL","OPT OUT WEBSITE",'
        '"ADDITIONAL WEBSITE"\n'
        '"DATA-53","MAIN INC","Brand-A, Brand B Inc & Nobody Known.","12/30/2024","care@main.test",'
        '"main.test",""\n'
    )
    (record,) = parse_oregon_registry(oregon, SEEN).records
    assert "Does business as: Brand-A, Brand B Inc, Nobody Known." in record["notes"]
    source = Source("the Oregon registry", SEEN, [record])
    parents = {p.broker_id: p.parent for p in link_registries(CATALOG, [source]).parents}
    assert parents == {"brand-a": "main", "brand-b": "main"}
