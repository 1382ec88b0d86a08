"""Parse datarequests.org company records (their companies/*.json, CC0) into catalog records.

Ids are "dr-" + the datarequests slug. The prefix keeps their namespace apart from ours: a slug that
happens to equal a curated id (their "sky" is Sky UK; a "booking" record was once vandalised into a
hotel) must not silently patch that record. A record for a company we already list is found by its
domain instead, and the dry run (`summarize_import`) shows that match for a person to confirm.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from brokers.importers.fields import (
    ImportResult,
    Record,
    SkippedRow,
    https_url,
    regions_of,
    registrable_domain_of,
    valid_email,
)

# Categories that make a record a data broker, and the catalog category each becomes.
_BROKER_CATEGORIES = {
    "addresses": "address_broker",
    "credit agency": "credit_agency",
    "collection agency": "collection_agency",
}
# In priority order: a record lists several, and the consumer-facing one names it best.
_COMPANY_CATEGORIES = (
    ("social media", "social"),
    ("commerce", "retail"),
    ("travel", "travel"),
    ("telecommunication", "telecom"),
    ("finance", "finance"),
    ("insurance", "finance"),
    ("entertainment", "subscription"),
    ("health", "health_fitness"),
    ("school", "education"),
)
_IDENTIFIERS = {"name": "name", "address": "postal_address", "birthdate": "date_of_birth", "email": "email"}
# The last line of a datarequests address is the country, in English or the country's language.
_COUNTRIES = {
    "germany": "DE", "deutschland": "DE", "austria": "AT", "österreich": "AT", "switzerland": "CH",
    "schweiz": "CH", "france": "FR", "ireland": "IE", "the netherlands": "NL", "netherlands": "NL",
    "nederland": "NL", "belgium": "BE", "luxembourg": "LU", "spain": "ES", "españa": "ES", "italy": "IT",
    "italia": "IT", "sweden": "SE", "sverige": "SE", "denmark": "DK", "danmark": "DK", "finland": "FI",
    "norway": "NO", "poland": "PL", "polska": "PL", "portugal": "PT", "czechia": "CZ",
    "czech republic": "CZ", "estonia": "EE", "lithuania": "LT", "cyprus": "CY", "malta": "MT",
    "united kingdom": "GB", "united states of america": "US", "united states": "US", "usa": "US",
    "canada": "CA", "australia": "AU", "singapore": "SG", "republic of singapore": "SG",
}  # fmt: skip


def parse_datarequests(text: str, checked: date) -> ImportResult:
    """Map one record object or a list of them; records without a website domain or a contact are skipped."""
    parsed = json.loads(text)
    items: list[Any] = parsed if isinstance(parsed, list) else [parsed]
    records: list[Record] = []
    skipped: list[SkippedRow] = []
    for position, item in enumerate(items, start=1):
        record = _record_or_reason(item, checked)
        if isinstance(record, str):
            name = str(item.get("name") or item.get("slug") or "") if isinstance(item, Mapping) else ""
            skipped.append(SkippedRow(position, name, record))
        else:
            records.append(record)
    return ImportResult(tuple(records), tuple(skipped))


def _record_or_reason(item: Any, checked: date) -> Record | str:
    if not isinstance(item, Mapping):
        return "not a JSON object"
    try:
        return _record_of(item, checked)
    except (TypeError, AttributeError):  # e.g. "categories": 5 in a hand-edited file
        return "a field has the wrong type"


def _record_of(item: Mapping[str, Any], checked: date) -> Record | str:
    """The catalog record for one datarequests record, or why it cannot become one."""
    slug, name = str(item.get("slug") or ""), str(item.get("name") or "")
    if not slug or not name:
        return "no slug or name"
    domain = registrable_domain_of(str(item.get("web") or ""))
    if domain is None:
        return f"no usable website domain in {item.get('web')!r}"
    email = valid_email(str(item.get("email") or ""))
    form_url = https_url(str(item.get("webform") or ""))
    if email is None and form_url is None:
        return "neither a valid e-mail nor an https web form"
    kind, category = _kind_and_category([str(c) for c in item.get("categories") or []])
    # datarequests suggests a letter or the form when the mailbox only answers with redirects.
    redirects = item.get("suggested-transport-medium") in ("webform", "letter")
    record: Record = {
        "id": f"dr-{slug}",
        "name": name,
        "kind": kind,
        "category": category,
        "domains": [domain],
        "accepts_email": email is not None and not redirects,
        "identifiers": _identifiers(item.get("required-elements") or []),
        "regions": regions_of([str(c) for c in item.get("relevant-countries") or []]),
        "needs_id_verification": item.get("needs-id-document") is True,
        "source": f"datarequests.org (CC0) slug {slug}",
        "checked": checked,
        "notes": f"datarequests quality: {item['quality']}." if item.get("quality") else "",
    }
    optional = {"email": email, "form_url": form_url, "country": _country(item)}
    record.update({key: value for key, value in optional.items() if value})
    return record


def _kind_and_category(categories: list[str]) -> tuple[str, str]:
    """A broker if it trades in addresses or credit data, or does ads and nothing consumer-facing."""
    for category in categories:
        if category in _BROKER_CATEGORIES:
            return "broker", _BROKER_CATEGORIES[category]
    consumer = [ours for theirs, ours in _COMPANY_CATEGORIES if theirs in categories]
    if consumer:
        return "company", consumer[0]
    return ("broker", "ad_tech") if "ads" in categories else ("company", "other")


def _identifiers(required: list[Any]) -> list[str]:
    found = [_IDENTIFIERS.get(str(e.get("type"))) for e in required if isinstance(e, Mapping)]
    return list(dict.fromkeys(["email", *(i for i in found if i)]))


def _country(item: Mapping[str, Any]) -> str | None:
    """The ISO code from the address's last line, else the only relevant country, else unknown."""
    last_line = str(item.get("address") or "").strip().splitlines()[-1:] or [""]
    named = _COUNTRIES.get(last_line[0].rsplit(",", 1)[-1].strip().lower())
    countries = [str(c).upper() for c in item.get("relevant-countries") or []]
    return named or (countries[0] if len(countries) == 1 and countries[0] != "ALL" else None)
