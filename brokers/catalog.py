"""The broker catalog: the bundled records, admin overrides on top, and look-ups by id and domain."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date
from enum import StrEnum
from importlib import resources
from typing import Any, NewType

from brokers.identifiers import Identifier, default_identifiers
from brokers.jurisdictions import Region

__all__ = [
    "CATALOG_FILES",
    "FIELD_NAMES",
    "GLOBAL",
    "Broker",
    "BrokerId",
    "Catalog",
    "FormStep",
    "Identifier",
    "Kind",
    "apply_links",
    "broker_from_record",
    "broker_to_record",
    "load_bundled",
]

BrokerId = NewType("BrokerId", str)


class Kind(StrEnum):
    BROKER = "broker"
    COMPANY = "company"


class FormStep(StrEnum):
    """One step of a web-form opt-out, in the order a person takes them; the form card says each."""

    SEARCH_LISTING = "search_listing"  # find your own listing on the site first
    COPY_LISTING_URL = "copy_listing_url"  # the form asks for the address of that listing page
    CONFIRM_EMAIL = "confirm_email"  # a confirmation link arrives by e-mail and must be opened
    ID_DOCUMENT = "id_document"  # the site asks for an ID document (cover its number)
    PHONE_CALL = "phone_call"  # the removal is finished by a phone call
    EACH_LISTING = "each_listing"  # every listing is removed separately


@dataclass(frozen=True, slots=True)
class Broker:
    """One company in the catalog, broker or not."""

    id: BrokerId
    name: str
    kind: Kind
    category: str
    domains: tuple[str, ...]
    email: str | None = None
    form_url: str | None = None
    accepts_email: bool = True
    # Empty: the default of its kind and category (brokers.identifiers); read `needs`, not this.
    identifiers: tuple[Identifier, ...] = ()
    regions: tuple[str, ...] = ("US",)
    country: str = "US"
    needs_id_verification: bool = False
    registries: tuple[str, ...] = ()
    provider_hosts: tuple[str, ...] = ()
    well_known: bool = False
    # Form-only sites: the steps of their opt-out, said in the form card.
    form_steps: tuple[FormStep, ...] = ()
    # The broker whose request covers this one (the parent owns it and answers for it).
    parent: str | None = None
    enabled: bool = True
    source: str = ""
    checked: date | None = None
    notes: str = ""

    @property
    def can_email(self) -> bool:
        return self.accepts_email and self.email is not None

    @property
    def opt_out_steps(self) -> tuple[FormStep, ...]:
        """The form's steps as recorded; for a people-search site without them, the usual two (find your
        own listing, then open the link they e-mail)."""
        if self.form_steps or not self.form_url or self.category not in _LISTING_SITES:
            return self.form_steps
        return (FormStep.SEARCH_LISTING, FormStep.CONFIRM_EMAIL)

    @property
    def needs(self) -> tuple[Identifier, ...]:
        """The identifiers this company needs to find a person."""
        return self.identifiers or default_identifiers(self.kind, self.category)

    def serves(self, region: Region) -> bool:
        """The company holds data on people living in `region` (its `regions`, or GLOBAL)."""
        return GLOBAL in self.regions or _REGION_CODES.get(region) in self.regions

    @property
    def is_drop_covered(self) -> bool:
        """California's DROP reaches every broker in the state's registry."""
        return "CA" in self.registries


_LISTING_SITES = frozenset({"people_search", "background_check"})
# The codes `regions` uses in the data for each region a person can live in; GLOBAL serves all of them.
GLOBAL = "GLOBAL"
_REGION_CODES = {Region.EU_EEA: "EU", Region.UK: "UK", Region.US: "US", Region.CANADA: "CA"}

_LIST_FIELDS = {"domains", "identifiers", "regions", "registries", "provider_hosts", "form_steps"}
FIELD_NAMES = frozenset(f.name for f in fields(Broker))


def broker_from_record(record: Mapping[str, Any]) -> Broker:
    """Build a Broker from a TOML/JSON record; unknown keys are an error, not silently dropped."""
    unknown = set(record) - FIELD_NAMES
    if unknown:
        raise ValueError(f"unknown broker field(s): {', '.join(sorted(unknown))}")
    values: dict[str, Any] = dict(record)
    for name in _LIST_FIELDS & values.keys():
        values[name] = tuple(values[name])
    if "identifiers" in values:
        values["identifiers"] = tuple(Identifier(i) for i in values["identifiers"])
    if "form_steps" in values:
        values["form_steps"] = tuple(FormStep(s) for s in values["form_steps"])
    if "kind" in values:
        values["kind"] = Kind(values["kind"])
    if isinstance(values.get("checked"), str):
        values["checked"] = date.fromisoformat(values["checked"])
    values["id"] = BrokerId(values["id"])
    return Broker(**values)


def broker_to_record(broker: Broker) -> dict[str, Any]:
    """The JSON-friendly form of a broker, as `brokers list --format json` prints it."""
    out: dict[str, Any] = {}
    for f in fields(Broker):
        value = getattr(broker, f.name)
        if isinstance(value, tuple):
            value = [str(v) for v in value]
        elif isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, StrEnum):
            value = str(value)
        out[f.name] = value
    return out


@dataclass(frozen=True, slots=True)
class Catalog:
    """An immutable set of brokers with an index by registrable domain and by provider host."""

    brokers: tuple[Broker, ...]
    _by_id: dict[str, Broker] = field(default_factory=dict, repr=False, compare=False)
    _by_domain: dict[str, Broker] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for broker in self.brokers:
            self._by_id[broker.id] = broker
            for domain in (*broker.domains, *broker.provider_hosts):
                self._by_domain.setdefault(domain.lower(), broker)

    def get(self, broker_id: str) -> Broker | None:
        return self._by_id.get(broker_id)

    def by_domain(self, domain: str) -> Broker | None:
        """The broker owning this exact registrable domain or provider host, if any."""
        return self._by_domain.get(domain.lower())

    def covered_by(self, broker_id: str) -> list[Broker]:
        """The brokers a request to `broker_id` covers: those naming it as their parent."""
        return [b for b in self.brokers if b.parent == broker_id]

    def enabled(self) -> list[Broker]:
        return [b for b in self.brokers if b.enabled]

    def of_kind(self, kind: Kind) -> list[Broker]:
        return [b for b in self.brokers if b.kind is kind and b.enabled]

    def well_known_for(self, region: Region) -> list[Broker]:
        """The well-known brokers that hold data on people living in `region`, offered without evidence."""
        return [b for b in self.of_kind(Kind.BROKER) if b.well_known and b.serves(region)]

    def with_overrides(self, overrides: Iterable[Mapping[str, Any]]) -> Catalog:
        """Apply admin overrides: a record with a known id patches it, a new id adds a broker."""
        merged = {b.id: b for b in self.brokers}
        for override in overrides:
            broker_id = BrokerId(str(override["id"]))
            base = merged.get(broker_id)
            if base is None:
                merged[broker_id] = broker_from_record(override)
            else:
                patch = broker_from_record({**broker_to_record(base), **override})
                merged[broker_id] = replace(patch)
        return Catalog(tuple(merged.values()))


# The curated files (edited by hand) and the imported ones (written by `python -m bot brokers bundle` from
# public lists; a domain in a curated file is never imported again).
# The state registries (`python -m bot brokers registries`) come last: their file adds new registrants
# and links listed records to a state's registry and to the parent whose request covers them.
CATALOG_FILES = (
    "brokers.toml",
    "companies.toml",
    "imported-brokers.toml",
    "imported-companies.toml",
    "state-registries.toml",
)


def load_bundled() -> Catalog:
    """Read the catalog files shipped in brokers/data (CATALOG_FILES) and apply their links."""
    records: list[Broker] = []
    links: list[Mapping[str, Any]] = []
    data = resources.files("brokers") / "data"
    for name in CATALOG_FILES:
        resource = data / name
        if not resource.is_file():
            continue
        parsed = tomllib.loads(resource.read_text(encoding="utf-8"))
        records.extend(broker_from_record(r) for r in parsed.get("broker", []))
        links.append(parsed)
    for table in links:
        records = apply_links(records, table)
    return Catalog(tuple(records))


def apply_links(brokers: list[Broker], parsed: Mapping[str, Any]) -> list[Broker]:
    """The records with the [[registration]], [[parent]] and [[address]] entries of one file applied. An
    entry for an id the catalog no longer holds is left out; a parent set by hand is kept."""
    by_id = {str(b.id): b for b in brokers}
    for item in parsed.get("registration", []):
        broker = by_id.get(str(item["broker_id"]))
        if broker is None or item["registry"] in broker.registries:
            continue
        label = str(item["source"])
        source = broker.source if label in broker.source else f"{broker.source}; {label}"
        by_id[broker.id] = replace(
            broker, registries=(*broker.registries, str(item["registry"])), source=source
        )
    for item in parsed.get("parent", []):
        broker = by_id.get(str(item["broker_id"]))
        if broker is not None and broker.parent is None and str(item["parent"]) in by_id:
            by_id[broker.id] = replace(broker, parent=str(item["parent"]))
    for item in parsed.get("address", []):
        broker = by_id.get(str(item["broker_id"]))
        if broker is None:
            continue
        email = str(item["email"]) or None
        notes = f"{broker.notes} {item['note']}".strip()
        by_id[broker.id] = replace(broker, email=email, accepts_email=email is not None, notes=notes)
    return [by_id[str(b.id)] for b in brokers]
