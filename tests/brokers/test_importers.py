"""Importers: the California registry CSV and datarequests.org records as catalog records, and the dry run."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from brokers.catalog import Catalog, Kind, broker_from_record
from brokers.importers import (
    CA_REGISTRY_SOURCE,
    ImportResult,
    parse_california_registry,
    parse_datarequests,
    summarize_import,
)

DATA = Path(__file__).parent / "data"
CHECKED = date(2026, 11, 27)


@pytest.fixture(scope="module")
def registry() -> ImportResult:
    return parse_california_registry((DATA / "ca_registry_sample.csv").read_text(encoding="utf-8"), CHECKED)


@pytest.fixture(scope="module")
def datarequests() -> ImportResult:
    return parse_datarequests((DATA / "datarequests_sample.json").read_text(encoding="utf-8"), CHECKED)


def by_id(result: ImportResult) -> dict[str, dict[str, Any]]:
    return {record["id"]: record for record in result.records}


def test_california_registry_maps_a_row_to_a_broker_record(registry: ImportResult) -> None:
    assert by_id(registry)["acme-data-services"] == {
        "id": "acme-data-services",
        "name": "Acme Data Services, Inc.",
        "kind": "broker",
        "category": "data_aggregator",
        "domains": ["acmedata.test"],
        "email": "privacy@acmedata.test",
        "accepts_email": True,
        "form_url": "https://www.acmedata.test/privacy/requests",
        "regions": ["US"],
        "registries": ["CA"],
        "source": CA_REGISTRY_SOURCE,
        "checked": CHECKED,
        "notes": "",
    }


def test_california_registry_skips_a_row_without_website_and_says_why(registry: ImportResult) -> None:
    assert len(registry.records) == 5
    [skipped] = registry.skipped
    assert (skipped.row, skipped.name) == (4, "Nowhere Analytics Corp.")
    assert "website" in skipped.reason


def test_california_registry_offers_no_plain_http_opt_out_link(registry: ImportResult) -> None:
    record = by_id(registry)["plain-link-marketing"]
    assert "form_url" not in record
    assert record["email"] == "dsr@plainlink.test"


def test_california_registry_reads_an_address_written_with_at_in_brackets(registry: ImportResult) -> None:
    # The 2020-21 exports wrote every address as "privacy [at] example.com".
    record = by_id(registry)["masked-mail-lists"]
    assert record["email"] == "privacy@maskedmail.test"
    assert record["accepts_email"] is True
    assert record["domains"] == ["maskedmail.test"]


def test_california_registry_names_the_dba_and_keeps_every_listed_site(registry: ImportResult) -> None:
    record = by_id(registry)["samplefind"]
    assert record["name"] == "SampleFind"
    assert record["domains"] == ["samplefind.test", "samplefind-people.test"]
    assert record["notes"] == "Legal name: Sample People Search LLC. Registered as collecting minors' data."


def test_california_registry_cuts_a_host_to_its_registrable_domain(registry: ImportResult) -> None:
    assert by_id(registry)["albion-audience"]["domains"] == ["example.co.uk"]


def test_california_registry_records_all_build_brokers(registry: ImportResult) -> None:
    brokers = [broker_from_record(record) for record in registry.records]
    assert all(broker.is_drop_covered and broker.kind is Kind.BROKER for broker in brokers)


def test_california_registry_finds_the_header_below_a_spacer_row() -> None:
    text = (
        "California Data Broker Registry 2025,,\r\n"
        '"Data broker\xa0name:","Data broker primary website:",'
        '"Data broker primary contact email address:"\r\n'
        "Spacer Test LLC,https://spacer.test,privacy@spacer.test\r\n"
    )
    [record] = parse_california_registry(text, CHECKED).records
    assert (record["id"], record["email"]) == ("spacer-test", "privacy@spacer.test")


def test_california_registry_reads_the_attorney_general_era_headers() -> None:
    text = (
        "Data Broker Name,Email Address,Website URL,"
        "How a consumer may opt out of sale or submit requests under the CCPA\n"
        "Old Broker Inc.,optout@oldbroker.test,www.oldbroker.test,https://oldbroker.test/ccpa\n"
    )
    [record] = parse_california_registry(text, CHECKED).records
    assert record["domains"] == ["oldbroker.test"]
    assert record["form_url"] == "https://oldbroker.test/ccpa"


def test_california_registry_gives_repeated_names_distinct_ids() -> None:
    text = "Data broker name:,Data broker primary website:\nTwin Co,twin-a.test\nTwin Co,twin-b.test\n"
    ids = [record["id"] for record in parse_california_registry(text, CHECKED).records]
    assert ids == ["twin", "twin-2"]


def test_california_registry_without_a_header_row_is_refused() -> None:
    with pytest.raises(ValueError, match="header"):
        parse_california_registry("name,website\nAcme,acme.test\n", CHECKED)


def test_datarequests_maps_a_company_record(datarequests: ImportResult) -> None:
    record = by_id(datarequests)["dr-example-streaming"]
    assert record["kind"] == "company"
    assert record["category"] == "social"
    assert record["domains"] == ["example-streaming.test"]
    assert (record["email"], record["accepts_email"]) == ("privacy@example-streaming.test", True)
    assert record["regions"] == ["EU", "UK", "US"]
    assert record["country"] == "NL"
    assert record["identifiers"] == ["email", "name"]
    assert record["source"] == "datarequests.org (CC0) slug example-streaming"


def test_datarequests_makes_an_address_trader_a_broker(datarequests: ImportResult) -> None:
    record = by_id(datarequests)["dr-beispiel-adressen"]
    assert (record["kind"], record["category"]) == ("broker", "address_broker")
    assert record["form_url"] == "https://www.beispiel-adressen.test/datenschutz/anfrage"
    assert "email" not in record
    assert record["accepts_email"] is False
    assert record["needs_id_verification"] is True
    assert (record["regions"], record["country"]) == (["EU"], "DE")
    assert record["identifiers"] == ["email", "name", "postal_address", "date_of_birth"]


def test_datarequests_skips_a_record_without_website_and_says_why(datarequests: ImportResult) -> None:
    [skipped] = datarequests.skipped
    assert (skipped.row, skipped.name) == (3, "Offline Versand KG")
    assert "website" in skipped.reason


def test_datarequests_reads_a_single_record_object() -> None:
    one = json.loads((DATA / "datarequests_sample.json").read_text(encoding="utf-8"))[0]
    [record] = parse_datarequests(json.dumps(one), CHECKED).records
    assert record["id"] == "dr-example-streaming"


@pytest.mark.parametrize(
    ("categories", "expected"),
    [
        (["ads"], ("broker", "ad_tech")),
        (["ads", "commerce"], ("company", "retail")),
        (["credit agency", "finance"], ("broker", "credit_agency")),
        (["church"], ("company", "other")),
    ],
)
def test_datarequests_kind_follows_the_categories(categories: list[str], expected: tuple[str, str]) -> None:
    item = {
        "slug": "x",
        "name": "X",
        "web": "https://x.test",
        "email": "dpo@x.test",
        "categories": categories,
    }
    [record] = parse_datarequests(json.dumps(item), CHECKED).records
    assert (record["kind"], record["category"]) == expected


def test_datarequests_record_without_any_contact_is_skipped() -> None:
    item = {"slug": "mute", "name": "Mute Ltd", "web": "https://mute.test", "email": "write to us"}
    result = parse_datarequests(json.dumps(item), CHECKED)
    assert result.records == ()
    assert result.skipped[0].reason == "neither a valid e-mail nor an https web form"


def current_catalog(registry: ImportResult) -> Catalog:
    acme = {**by_id(registry)["acme-data-services"], "email": "old@acmedata.test"}
    curated_samplefind = {
        "id": "samplefind-curated",
        "name": "SampleFind",
        "kind": "broker",
        "category": "people_search",
        "domains": ["samplefind.test"],
    }
    return Catalog(()).with_overrides([acme, by_id(registry)["plain-link-marketing"], curated_samplefind])


def test_summary_counts_new_changed_and_unchanged_records(registry: ImportResult) -> None:
    summary = summarize_import(current_catalog(registry), registry.records)
    assert sorted(summary.new) == ["albion-audience", "masked-mail-lists"]
    assert summary.unchanged == ("plain-link-marketing",)
    changes = {change.existing_id: change for change in summary.changed}
    assert changes["acme-data-services"].fields == ("email",)
    assert changes["acme-data-services"].matched_by == "id"


def test_summary_matches_a_listed_broker_by_domain(registry: ImportResult) -> None:
    summary = summarize_import(current_catalog(registry), registry.records)
    [by_domain] = [change for change in summary.changed if change.matched_by == "domain"]
    assert (by_domain.existing_id, by_domain.incoming_id) == ("samplefind-curated", "samplefind")
    assert "category" in by_domain.fields
    assert "name" not in by_domain.fields


def test_applied_import_round_trips_through_overrides(registry: ImportResult) -> None:
    applied = current_catalog(registry).with_overrides(registry.records)
    summary = summarize_import(applied, registry.records)
    assert (summary.new, summary.changed) == ((), ())
    acme = applied.by_domain("acmedata.test")
    assert acme is not None
    assert acme.email == "privacy@acmedata.test"
    assert acme.checked == CHECKED


def test_datarequests_records_round_trip_through_overrides(datarequests: ImportResult) -> None:
    applied = Catalog(()).with_overrides(datarequests.records)
    streaming = applied.by_domain("example-streaming.test")
    assert streaming is not None
    assert (streaming.kind, streaming.can_email) == (Kind.COMPANY, True)
    assert summarize_import(applied, datarequests.records).unchanged == (
        "dr-example-streaming",
        "dr-beispiel-adressen",
    )
