"""Schema checks for every bundled catalog file: keys, channels, domains, addresses, sets, dates, counts."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import pytest
from publicsuffixlist import PublicSuffixList

from brokers.catalog import FIELD_NAMES, Broker, Catalog, Kind, load_bundled
from brokers.freemail import FREEMAIL_DOMAINS
from brokers.matching import is_freemail

CATALOG_FILES = {
    "brokers.toml": Kind.BROKER,
    "companies.toml": Kind.COMPANY,
    "imported-brokers.toml": Kind.BROKER,
    "imported-companies.toml": Kind.COMPANY,
    "state-registries.toml": Kind.BROKER,
}
BROKER_CATEGORIES = frozenset(
    {
        "people_search", "marketing", "data_aggregator", "identity_risk", "adtech",
        "background_check", "location", "financial_data", "health_data", "b2b_contact",
    }
)  # fmt: skip
# What companies.toml uses today; a new company category is added here on purpose, not by accident.
COMPANY_CATEGORIES = frozenset(
    {
        "retail", "travel", "social", "finance", "subscription", "tech", "marketplace", "gaming",
        "telecom", "health_fitness", "mobility", "dating", "food_delivery", "news_media", "education",
        "jobs",
    }
)  # fmt: skip
IDENTIFIERS = frozenset({"email", "name", "other_emails", "postal_address", "phone", "date_of_birth"})
REGIONS = frozenset({"US", "EU", "UK", "CH", "CA", "GLOBAL"})
REGISTRIES = frozenset({"CA", "VT", "TX", "OR"})
REQUIRED_KEYS = frozenset({"id", "name", "kind", "category", "domains", "source", "checked"})
MIN_RECORDS = {Kind.BROKER: 300, Kind.COMPANY: 150}
MIN_WELL_KNOWN = 15

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
HOST_PATTERN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
EMAIL_PATTERN = re.compile(rf"(?P<local>{_ATOM}(?:\.{_ATOM})*)@(?P<host>.+)")

Record = dict[str, Any]
_PSL = PublicSuffixList()


def _present_files() -> dict[str, list[Record]]:
    folder = resources.files("brokers") / "data"
    present: dict[str, list[Record]] = {}
    for name in CATALOG_FILES:
        resource = folder / name
        if resource.is_file():
            present[name] = tomllib.loads(resource.read_text(encoding="utf-8")).get("broker", [])
    return present


@pytest.fixture(scope="module")
def raw_files() -> dict[str, list[Record]]:
    return _present_files()


@pytest.fixture(scope="module")
def raw_records(raw_files: dict[str, list[Record]]) -> list[Record]:
    return [record for records in raw_files.values() for record in records]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_bundled()


def _problems(records: list[Record], check: Callable[[Record], Iterator[str]]) -> list[str]:
    return [f"{record.get('id', '?')}: {problem}" for record in records for problem in check(record)]


def is_registrable_domain(domain: str) -> bool:
    return HOST_PATTERN.fullmatch(domain) is not None and _PSL.privatesuffix(domain) == domain


def is_valid_email(address: str) -> bool:
    match = EMAIL_PATTERN.fullmatch(address)
    if match is None or len(match["local"]) > 64:
        return False
    host = match["host"].lower()
    return HOST_PATTERN.fullmatch(host) is not None and _PSL.privatesuffix(host) is not None


def is_https_url(url: str) -> bool:
    parts = urlsplit(url)
    return (
        parts.scheme == "https"
        and HOST_PATTERN.fullmatch(parts.hostname or "") is not None
        and " " not in url
    )


def test_catalog_files_broker_file_is_bundled(raw_files: dict[str, list[Record]]) -> None:
    assert "brokers.toml" in raw_files


def test_catalog_files_hold_enough_records_of_their_kind(raw_files: dict[str, list[Record]]) -> None:
    for name, records in raw_files.items():
        if name == "state-registries.toml":  # only the registrants no other list names
            assert records, name
            continue
        assert len(records) >= MIN_RECORDS[CATALOG_FILES[name]], name


def test_catalog_files_records_have_the_kind_of_their_file(raw_files: dict[str, list[Record]]) -> None:
    wrong = [
        f"{name}: {record.get('id')} is {record.get('kind')!r}"
        for name, records in raw_files.items()
        for record in records
        if record.get("kind") != CATALOG_FILES[name]
    ]
    assert wrong == []


def test_catalog_files_are_sorted_by_id(raw_files: dict[str, list[Record]]) -> None:
    for name, records in raw_files.items():
        ids = [record.get("id", "") for record in records]
        assert ids == sorted(ids), name


def test_catalog_records_use_only_broker_fields(raw_records: list[Record]) -> None:
    def check(record: Record) -> Iterator[str]:
        if unknown := set(record) - FIELD_NAMES:
            yield f"unknown keys {sorted(unknown)}"
        if missing := REQUIRED_KEYS - set(record):
            yield f"missing keys {sorted(missing)}"

    assert _problems(raw_records, check) == []


def test_catalog_ids_are_unique_slugs(raw_records: list[Record]) -> None:
    ids = [str(record.get("id", "")) for record in raw_records]
    assert [i for i in ids if ID_PATTERN.fullmatch(i) is None] == []
    assert [i for i, n in Counter(ids).items() if n > 1] == []


def test_catalog_domains_are_registrable_lowercase_and_unique(raw_records: list[Record]) -> None:
    def check(record: Record) -> Iterator[str]:
        if not record.get("domains"):
            yield "no domains"
        for domain in record.get("domains", []):
            if not is_registrable_domain(domain):
                yield f"{domain!r} is not a registrable domain"
            if domain in FREEMAIL_DOMAINS or is_freemail(domain):
                yield f"{domain!r} is a free-mail domain"

    assert _problems(raw_records, check) == []
    hosts = [
        h for record in raw_records for h in (*record.get("domains", []), *record.get("provider_hosts", []))
    ]
    assert [h for h, n in Counter(hosts).items() if n > 1] == []


def test_catalog_provider_hosts_are_hosts_under_a_provider(raw_records: list[Record]) -> None:
    def check(record: Record) -> Iterator[str]:
        for host in record.get("provider_hosts", []):
            if HOST_PATTERN.fullmatch(host) is None or _PSL.privatesuffix(host) in (None, host):
                yield f"{host!r} is not a host under a provider's domain"

    assert _problems(raw_records, check) == []


def test_catalog_emails_are_valid_addresses_off_free_mail(raw_records: list[Record]) -> None:
    def check(record: Record) -> Iterator[str]:
        email = record.get("email")
        if email is None:
            return
        if not is_valid_email(email):
            yield f"{email!r} is not a valid address"
        elif _PSL.privatesuffix(email.rpartition("@")[2]) in FREEMAIL_DOMAINS:
            yield f"{email!r} is a free-mail address"

    assert _problems(raw_records, check) == []


def test_catalog_form_urls_are_https(raw_records: list[Record]) -> None:
    def check(record: Record) -> Iterator[str]:
        url = record.get("form_url")
        if url is not None and not is_https_url(url):
            yield f"{url!r} is not an https URL"

    assert _problems(raw_records, check) == []


def test_catalog_every_record_has_a_channel(catalog: Catalog) -> None:
    assert [b.id for b in catalog.brokers if not (b.can_email or b.form_url)] == []


def test_catalog_a_record_without_email_does_not_claim_to_accept_it(catalog: Catalog) -> None:
    assert [b.id for b in catalog.brokers if b.email is None and b.accepts_email] == []


def test_catalog_values_come_from_the_allowed_sets(catalog: Catalog) -> None:
    def check(b: Broker) -> Iterator[str]:
        categories = BROKER_CATEGORIES if b.kind is Kind.BROKER else COMPANY_CATEGORIES
        if b.category not in categories:
            yield f"category {b.category!r}"
        if not b.needs or not set(b.needs) <= IDENTIFIERS:
            yield f"identifiers {b.needs}"
        if not b.regions or not set(b.regions) <= REGIONS:
            yield f"regions {b.regions}"
        if not set(b.registries) <= REGISTRIES:
            yield f"registries {b.registries}"
        if re.fullmatch(r"[A-Z]{2}", b.country) is None:
            yield f"country {b.country!r}"

    assert [f"{b.id}: {p}" for b in catalog.brokers for p in check(b)] == []


def test_catalog_records_name_a_source_read_on_a_past_date(raw_records: list[Record]) -> None:
    def check(record: Record) -> Iterator[str]:
        if not str(record.get("source", "")).strip():
            yield "empty source"
        if not str(record.get("name", "")).strip():
            yield "empty name"
        checked = record.get("checked")
        if not isinstance(checked, date) or checked > date.today():
            yield f"checked {checked!r} is not a past TOML date"

    assert _problems(raw_records, check) == []


def test_load_bundled_holds_every_record_and_finds_it_by_domain(
    catalog: Catalog, raw_records: list[Record]
) -> None:
    assert len(catalog.brokers) == len(raw_records)
    for record in raw_records:
        assert catalog.get(record["id"]) is not None
        assert catalog.by_domain(record["domains"][0]).id == record["id"]  # type: ignore[union-attr]


def test_well_known_brokers_are_enough_and_enabled(catalog: Catalog) -> None:
    well_known = [b for b in catalog.of_kind(Kind.BROKER) if b.well_known]
    assert len(well_known) >= MIN_WELL_KNOWN
    assert [b.id for b in catalog.brokers if b.well_known and not b.enabled] == []
