"""Merge imported public lists into the bundled catalog: new records, conflicts, and the TOML text.

Sources come in priority order (a state registry first, then the most recent list): the first source to
name a domain owns the record, later ones add their name to its sources and fill what it lacks. Where
two disagree on the e-mail address, the first one's address stays and the record's notes say what the
other listed and when. A domain the curated files already hold is never imported again; an address that
differs from the curated one becomes a `Disagreement` for `brokers check` to show.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from brokers.catalog import Broker, Catalog
from brokers.identifiers import default_identifiers
from brokers.importers.fields import Record, claim_id, registrable_domain_of
from brokers.matching import is_freemail

# Ticket systems that give each company its own host: mail and forms from that host are the company's.
TICKET_PROVIDERS = frozenset(
    {"zendesk.com", "freshdesk.com", "kayako.com", "helpscoutdocs.com", "gorgias.help"}
)
# datarequests.org's categories as the catalog names them; records of other kinds are not imported.
_DR_CATEGORIES = {
    "ad_tech": "adtech",
    "address_broker": "data_aggregator",
    "credit_agency": "financial_data",
    "collection_agency": "financial_data",
}


@dataclass(frozen=True, slots=True)
class Source:
    """One imported list: its records, the date its facts were seen, and a short name for notes."""

    label: str
    seen: date
    records: Sequence[Record]


@dataclass(frozen=True, slots=True)
class Disagreement:
    """An address an import lists for a company the curated catalog holds with another address."""

    broker_id: str
    field: str
    ours: str
    theirs: str
    source: str
    seen: date


@dataclass(slots=True)
class Bundle:
    records: dict[str, Record] = field(default_factory=dict)
    disagreements: list[Disagreement] = field(default_factory=list)
    merged: int = 0
    unusable: int = 0


def datarequests_record(record: Record) -> Record | None:
    """A datarequests.org record in the catalog's categories, or None for kinds the catalog leaves out."""
    category = str(record["category"])
    if record["kind"] == "broker":
        category = _DR_CATEGORIES.get(category, category)
    elif category == "other":
        return None
    return {**record, "category": category}


def bundle(curated: Catalog, sources: Iterable[Source]) -> Bundle:
    result = Bundle()
    owner: dict[str, str] = {}  # domain -> imported record id
    taken = {str(b.id) for b in curated.brokers}
    for source in sources:
        for incoming in source.records:
            cleaned = _usable(dict(incoming))
            if cleaned is None:
                result.unusable += 1
                continue
            record = _with_sending_hosts(cleaned, curated, owner)
            existing = next((curated.by_domain(d) for d in record["domains"] if curated.by_domain(d)), None)
            if existing is not None:
                result.disagreements.extend(_disagreements(existing, record, source))
                continue
            first_id = next((owner[d] for d in record["domains"] if d in owner), None)
            if first_id is not None:
                _merge(result.records[first_id], record, source)
                result.merged += 1
                continue
            record["id"] = claim_id(str(record["id"]), taken)
            record["domains"] = [d for d in record["domains"] if d not in owner]
            if record.get("email"):
                record["notes"] = _join(
                    record.get("notes"), f"E-mail as listed by {source.label}, {source.seen}."
                )
            for domain in (*record["domains"], *record.get("provider_hosts", ())):
                owner[domain] = record["id"]
            result.records[record["id"]] = record
    for record in result.records.values():
        _tidy_identifiers(record)
    return result


def _tidy_identifiers(record: Record) -> None:
    """Identifiers always name the person, and are left out where they equal the category's default."""
    listed = record.get("identifiers")
    if not listed:
        return
    wanted = list(dict.fromkeys(["name", *map(str, listed)]))
    default = {str(i) for i in default_identifiers(str(record["kind"]), str(record["category"]))}
    if set(wanted) == default:
        record.pop("identifiers")
    else:
        record["identifiers"] = wanted


def _usable(record: Record) -> Record | None:
    """The record without free-mail domains and addresses, or None when it has no domain or channel left."""
    # A mail provider's own domain (gmx.de, yandex.com) is where people write from: the scan would take
    # every friend's mail for the provider's.
    record["domains"] = [d for d in record["domains"] if not is_freemail(d)]
    email = str(record.get("email") or "")
    if is_freemail(email.rpartition("@")[2] or "-"):
        record.pop("email")
        record["accepts_email"] = False
    if not record["domains"] or not (
        record.get("form_url") or (record.get("email") and record.get("accepts_email"))
    ):
        return None
    return record


def _with_sending_hosts(record: Record, curated: Catalog, owner: Mapping[str, str]) -> Record:
    """Add the e-mail's own domain (mail comes from it) and a ticket-system form host to the record."""
    domains = list(record["domains"])
    email_domain = registrable_domain_of(str(record.get("email") or "").rpartition("@")[2])
    if (
        email_domain
        and email_domain not in domains
        and not is_freemail(email_domain)
        and email_domain not in TICKET_PROVIDERS
        and curated.by_domain(email_domain) is None
        and email_domain not in owner
    ):
        domains.append(email_domain)
    record["domains"] = domains
    host = (urlsplit(str(record.get("form_url") or "")).hostname or "").lower()
    if (
        registrable_domain_of(host) in TICKET_PROVIDERS
        and host not in owner
        and curated.by_domain(host) is None
    ):
        record["provider_hosts"] = [host]
    return record


def _disagreements(existing: Broker, record: Record, source: Source) -> list[Disagreement]:
    theirs = str(record.get("email") or "")
    if not theirs or not existing.email or theirs.lower() == existing.email.lower():
        return []
    return [Disagreement(existing.id, "email", existing.email, theirs, source.label, source.seen)]


def _merge(first: Record, later: Record, source: Source) -> None:
    """Fill what the first record lacks from a later source and note where they disagree."""
    if later["source"] not in first["source"].split("; "):
        first["source"] = _join(first["source"], later["source"], sep="; ")
    theirs = str(later.get("email") or "")
    if theirs and not first.get("email"):
        first["email"] = theirs
        first["accepts_email"] = bool(later.get("accepts_email", True))
        first["notes"] = _join(first.get("notes"), f"E-mail as listed by {source.label}, {source.seen}.")
    elif theirs and theirs.lower() != str(first["email"]).lower():
        first["notes"] = _join(
            first.get("notes"),
            f"Conflict: {source.label} listed {theirs} ({source.seen}); kept {first['email']}.",
        )
    for key in ("form_url", "form_steps", "identifiers"):
        if later.get(key) and not first.get(key):
            first[key] = later[key]
    # A guide that spells out more steps of the same form says more than a generic default.
    if len(later.get("form_steps") or ()) > len(first.get("form_steps") or ()):
        first["form_steps"] = later["form_steps"]
    registries = sorted({*first.get("registries", ()), *later.get("registries", ())})
    if registries:
        first["registries"] = registries


def _join(left: object, right: str, sep: str = " ") -> str:
    text = str(left or "").strip()
    return f"{text}{sep}{right}" if text else right


# --- the TOML text ----------------------------------------------------------------------------------------

_FIELD_ORDER = [f.name for f in fields(Broker)]
_HEADER = """\
# Generated by `python -m bot brokers bundle` from public lists (each record names its sources); do not
# edit by hand: fix the curated brokers.toml / companies.toml, or the source, and bundle again.
# A domain in a curated file is never imported here.
"""


def catalog_toml(records: Iterable[Record]) -> str:
    """The records as [[broker]] tables sorted by id, fields in the catalog's order, empty ones left out."""
    parts = [_HEADER]
    for record in sorted(records, key=lambda r: str(r["id"])):
        parts.append("\n[[broker]]\n")
        for name in _FIELD_ORDER:
            value = record.get(name)
            if value is None or value == "" or (value == [] and name != "domains"):
                continue
            parts.append(f"{name} = {_toml_value(value)}\n")
    return "".join(parts)


def disagreements_toml(items: Iterable[Disagreement]) -> str:
    lines = [
        "# Generated by `python -m bot brokers bundle`: addresses the imported lists give for companies the",
        "# curated catalog lists with another address. `python -m bot brokers check` shows them.",
    ]
    for item in sorted(items, key=lambda d: (d.broker_id, d.source)):
        lines += ["", "[[disagreement]]"]
        lines += [f"{f.name} = {_toml_value(getattr(item, f.name))}" for f in fields(Disagreement)]
    return "\n".join(lines) + "\n"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)
