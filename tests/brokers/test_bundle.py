"""Importing public lists into the bundled catalog: each list's parser, the merge by priority, the TOML."""

from __future__ import annotations

import tomllib
from datetime import date

import pytest

from brokers.catalog import Catalog, FormStep, broker_from_record
from brokers.catalog_check import check_catalog, counts, source_names
from brokers.importers.bundle import Source, bundle, catalog_toml, disagreements_toml
from brokers.importers.markup import parse_markup_opt_out_pages
from brokers.importers.opt_out_lists import (
    parse_badbool,
    parse_cvs0_opt_outs,
    parse_eraser_brokers,
    parse_ydr_table,
    role_email,
)

SEEN = date(2026, 7, 1)
MARKUP = (
    "order_original,company_name,hostname_original,url_original,url_final,status,collects_minors_data\n"
    "1,Acme Data Inc.,www.acme-data.test,https://acme-data.test/optout,https://acme-data.test/optout,"
    "success,TRUE\n"
    "2,Nowhere LLC,,https://nowhere.test/optout,,success,FALSE\n"
    "3,Plain Link,plain.test,http://plain.test/optout,http://plain.test/optout,success,FALSE\n"
)
BADBOOL = """# List
## Search Engines
### Google
[remove](https://support.google.com/x)
## People Search Sites
### \U0001f490 FindThem
Search for your listing on [FindThem](https://www.findthem.test/). Copy the URL of your listing, then
go to the [opt-out page](https://www.findthem.test/optout). Confirm by clicking the link sent to your email.
FindThem owns LookAlike.test and Other.test.
### \U0001f3ab IDPeople
Opt out at [the form](https://idpeople.test/remove) or write to <privacy@idpeople.test>.
### Elsewhere
Read [a guide](https://guide.example.org/x).
## Special Circumstances
"""
YDR = (
    "Domain,Categories,Opt Out URL,Email,Name,Health\n"
    "people.test,People Search,,privacy@people.test,People Inc,\n"
    "dead.test,People Search,,privacy@dead.test,Dead Inc,Dead\n"
    "person.test,Marketing Data Broker,,jane.doe@person.test,Person Co,\n"
    "form.test,Mugshot,https://form.test/remove,,Form Co,\n"
)


def test_markup_table_gives_the_registry_opt_out_page_as_the_channel() -> None:
    result = parse_markup_opt_out_pages(MARKUP, SEEN)
    (record,) = result.records
    assert record["domains"] == ["acme-data.test"]
    assert record["form_url"] == "https://acme-data.test/optout"
    assert record["accepts_email"] is False and record["registries"] == ["CA"]
    assert "minors" in record["notes"]
    assert [s.reason for s in result.skipped] == ["no name or no usable website", "no https opt-out page"]


def test_markup_table_with_other_columns_is_refused() -> None:
    with pytest.raises(ValueError, match="company_name"):
        parse_markup_opt_out_pages("name,site\nA,a.test\n", SEEN)


def test_badbool_reads_people_search_sites_their_forms_and_steps() -> None:
    result = parse_badbool(BADBOOL, SEEN)
    by_name = {r["name"]: r for r in result.records}
    assert set(by_name) == {"FindThem", "IDPeople"}  # search engines are not people-search sites
    found = by_name["FindThem"]
    assert found["form_url"] == "https://www.findthem.test/optout"
    assert found["form_steps"] == ["search_listing", "copy_listing_url", "confirm_email"]
    assert "lookalike.test" in found["notes"] and "email" not in found
    ids = by_name["IDPeople"]
    assert ids["email"] == "privacy@idpeople.test" and ids["accepts_email"] is True
    assert FormStep.ID_DOCUMENT in ids["form_steps"] and ids["needs_id_verification"] is True
    assert [s.reason for s in result.skipped] == ["no link to the site's own domain"]


def test_badbool_without_its_section_is_refused() -> None:
    with pytest.raises(ValueError, match="People Search Sites"):
        parse_badbool("# Something else\n## Recipes\n", SEEN)


def test_ydr_table_keeps_live_rows_with_a_role_address_or_a_form() -> None:
    result = parse_ydr_table(YDR, SEEN)
    by_domain = {r["domains"][0]: r for r in result.records}
    assert set(by_domain) == {"people.test", "form.test"}
    assert by_domain["people.test"]["category"] == "people_search"
    assert by_domain["form.test"]["form_steps"] == ["search_listing", "confirm_email"]
    reasons = {s.name: s.reason for s in result.skipped}
    assert reasons["Dead Inc"] == "listed as dead"
    assert reasons["Person Co"] == "no role e-mail and no https opt-out form"  # a person's own address


def test_role_email_refuses_a_persons_address() -> None:
    assert role_email("Privacy@Example.com") == "privacy@example.com"
    assert role_email("jane.doe@example.com") is None
    assert role_email("not an address") is None


def test_eraser_list_is_read_without_a_yaml_library() -> None:
    text = (
        "brokers:\n    - id: a\n      name: A Data\n      email: privacy@a.test\n      website: https://a.test\n"
        "      region: eu\n      category: people-search\n"
        "    - id: b\n      name: B\n      email: ''\n      website: https://b.test\n      region: us\n"
        "      category: marketing\n"
    )
    result = parse_eraser_brokers(text, SEEN)
    (record,) = result.records
    assert (record["email"], record["regions"], record["category"]) == (
        "privacy@a.test",
        ["EU"],
        "people_search",
    )
    assert len(result.skipped) == 1
    with pytest.raises(ValueError, match="brokers:"):
        parse_eraser_brokers("companies: []\n", SEEN)


def _record(id_: str, domain: str, **extra: object) -> dict[str, object]:
    base = {"id": id_, "name": id_, "kind": "broker", "category": "marketing", "domains": [domain]}
    return {**base, "source": "test", "checked": SEEN, "accepts_email": "email" in extra, **extra}


def test_bundle_keeps_the_first_sources_address_and_notes_the_conflict() -> None:
    curated = Catalog((broker_from_record(_record("known", "known.test", email="privacy@known.test")),))
    registry = Source("the registry", date(2025, 7, 1), [_record("x", "x.test", email="privacy@x.test")])
    older = Source(
        "an old list",
        date(2020, 1, 1),
        [
            _record("x-old", "x.test", email="optout@x.test", form_url="https://x.test/form"),
            _record("known-old", "known.test", email="help@known.test"),
            _record("free", "gmail.com", email="someone@gmail.com"),
            _record("provider", "gmx.de", email="datenschutz@gmx.de"),  # a mail brand's country domain
        ],
    )
    result = bundle(curated, [registry, older])
    (record,) = result.records.values()
    assert record["email"] == "privacy@x.test" and record["form_url"] == "https://x.test/form"
    assert "Conflict: an old list listed optout@x.test (2020-01-01); kept privacy@x.test." in record["notes"]
    assert record["source"] == "test"  # one list named once, however many of its rows merged
    (disagreement,) = result.disagreements
    assert (disagreement.broker_id, disagreement.theirs) == ("known", "help@known.test")
    assert result.unusable == 2  # a free-mail domain is nobody's company domain


def test_bundle_adds_the_sending_domain_and_a_ticket_host() -> None:
    incoming = _record(
        "t",
        "brand.test",
        email="privacy@parent-corp.test",
        form_url="https://brand.zendesk.com/hc/requests/new",
    )
    result = bundle(Catalog(()), [Source("list", SEEN, [incoming])])
    (record,) = result.records.values()
    assert record["domains"] == ["brand.test", "parent-corp.test"]
    assert record["provider_hosts"] == ["brand.zendesk.com"]


def test_bundle_output_loads_back_as_the_same_records() -> None:
    incoming = [
        _record("b", "b.test", email="privacy@b.test", notes='say "hi"\\ok'),
        _record("a", "a.test", form_url="https://a.test/f"),
    ]
    result = bundle(Catalog(()), [Source("list", SEEN, incoming)])
    parsed = tomllib.loads(catalog_toml(result.records.values()))["broker"]
    assert [r["id"] for r in parsed] == ["a", "b"]
    loaded = [broker_from_record(r) for r in parsed]
    assert loaded[1].notes.startswith('say "hi"\\ok') and loaded[0].form_url == "https://a.test/f"
    assert tomllib.loads(disagreements_toml([])) == {}


def test_check_reports_missing_channels_duplicate_domains_disagreements_and_dead_mx() -> None:
    catalog = Catalog(
        (
            broker_from_record(_record("a", "shared.test", email="privacy@a-mail.test")),
            broker_from_record({**_record("b", "shared.test"), "form_url": None}),
        )
    )
    disagreements = [
        {"broker_id": "a", "field": "email", "ours": "x", "theirs": "y", "source": "s", "seen": SEEN},
        {"broker_id": "gone", "field": "email", "ours": "x", "theirs": "y", "source": "s", "seen": SEEN},
    ]
    findings = check_catalog(catalog, disagreements, has_mx=lambda domain: domain != "a-mail.test")
    kinds = sorted((f.kind, f.broker_id) for f in findings)
    assert kinds == [
        ("disagreement", "a"),
        ("duplicate_domain", "a"),
        ("duplicate_domain", "b"),
        ("foreign_email", "a"),
        ("no_channel", "b"),
        ("no_mx", "a"),
    ]
    unknown = check_catalog(catalog, (), has_mx=lambda domain: None)
    assert "no_mx" not in {f.kind for f in unknown}  # cannot tell is not "dead"


def test_counts_name_each_source_once_without_commits_or_slugs() -> None:
    assert source_names(
        "datarequests.org (CC0) slug acme; drumandbytes/eraser data/brokers.yaml @19838ef (MIT)"
    ) == [
        "datarequests.org",
        "drumandbytes/eraser data/brokers.yaml",
    ]
    catalog = Catalog((broker_from_record(_record("a", "a.test", email="privacy@a.test")),))
    assert counts(catalog)["channel"] == {"email": 1}


CVS0 = (
    "name,category,url,notes,domain,http_status,sources\n"
    "Coco Finder,people-search,https://coco.test/remove,,coco.test,403,persprotect\n"
    "Acme Data,other,https://acme.test/privacy,Email: privacy@acme.test.,acme.test,200,cppa\n"
    "Shared Portal Co,other,https://privacyportal.onetrust.com/x,,privacyportal.onetrust.com,200,markup\n"
    "Canada Pages,people-search,http://canadapages.test/remove,Email: jane@canadapages.test.,"
    "canadapages.ca,200,manual\n"
)


def test_cvs0_table_maps_categories_registry_rows_and_leaves_out_shared_portals() -> None:
    result = parse_cvs0_opt_outs(CVS0, SEEN)
    by_domain = {r["domains"][0]: r for r in result.records}
    assert set(by_domain) == {"coco.test", "acme.test"}
    assert by_domain["coco.test"]["form_steps"] == ["search_listing", "confirm_email"]
    assert by_domain["acme.test"]["email"] == "privacy@acme.test"
    assert by_domain["acme.test"]["registries"] == ["CA"]
    reasons = [s.reason for s in result.skipped]
    assert reasons == ["no name or no own domain", "no role e-mail and no https page"]
