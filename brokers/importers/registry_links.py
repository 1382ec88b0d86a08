"""Lay the state registries over the whole catalog: new brokers, registrations of listed ones, parents.

The state registries come after every other list (`python -m bot brokers registries`), so their output
is a file of its own, state-registries.toml, rebuilt from the registry files and the catalog as bundled:

- [[broker]]: registrants on a domain no record holds (merged across the states, first state first);
- [[registration]]: a listed record whose domain a registrant names gains that state in `registries`;
- [[parent]]: one registrant naming several sites that the catalog lists as separate records: a request
  to the record of its own site (or of its address's domain) covers the others;
- [[address]]: an imported record's named person's address replaced by a role mailbox on its own domain
  (from a registry or a conflict its notes record), or dropped where it has a web form;
- [[disagreement]]: a registry address that differs from the listed record's, for `brokers check`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from brokers.catalog import Catalog
from brokers.importers.bundle import Disagreement, Source, bundle, catalog_toml
from brokers.importers.bundle import _toml_value as toml_value
from brokers.importers.fields import Record, looks_personal, registrable_domain_of

STATE_REGISTRIES_FILE = "state-registries.toml"


@dataclass(frozen=True, slots=True)
class Registration:
    broker_id: str
    registry: str
    source: str
    seen: date


@dataclass(frozen=True, slots=True)
class ParentLink:
    """`broker_id` is covered by a request to `parent`: one registrant named both sites."""

    broker_id: str
    parent: str
    source: str
    seen: date


@dataclass(frozen=True, slots=True)
class AddressFix:
    """An imported record's named person's address, replaced by a role mailbox another source lists on
    the record's own domain, or (`email` empty) dropped in favour of its web form."""

    broker_id: str
    email: str
    note: str


@dataclass(slots=True)
class RegistryBundle:
    records: dict[str, Record] = field(default_factory=dict)
    registrations: list[Registration] = field(default_factory=list)
    parents: list[ParentLink] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)
    addresses: list[AddressFix] = field(default_factory=list)


def link_registries(
    catalog: Catalog, sources: Sequence[Source], curated: frozenset[str] = frozenset()
) -> RegistryBundle:
    """New records, registrations, parents, disagreements and address fixes of `sources` against
    `catalog`; records whose id is in `curated` are edited by hand and never get an address fix."""
    merged = bundle(catalog, sources)
    result = RegistryBundle(records=merged.records, disagreements=merged.disagreements)
    new_owner = {d: str(r["id"]) for r in merged.records.values() for d in r["domains"]}

    def owner(domain: str) -> str | None:
        held = catalog.by_domain(domain)
        return str(held.id) if held is not None else new_owner.get(domain)

    def primary_owner(domain: str) -> str | None:
        """The record whose own (first) domain this is; a domain added as a sending host is not."""
        held = catalog.by_domain(domain)
        if held is not None:
            return str(held.id) if held.domains and held.domains[0] == domain else None
        new = new_owner.get(domain)
        return new if new is not None and merged.records[new]["domains"][0] == domain else None

    by_label = _records_by_label(catalog)
    registered: set[tuple[str, str]] = set()
    parent_of: dict[str, str] = {str(b.id): b.parent for b in catalog.brokers if b.parent}
    for source in sources:
        for record in source.records:
            code = str(record["registries"][0])
            holders = list(dict.fromkeys(h for h in map(owner, record["domains"]) if h is not None))
            for holder in holders:
                if catalog.get(holder) is not None and (holder, code) not in registered:
                    registered.add((holder, code))
                    result.registrations.append(
                        Registration(holder, code, str(record["source"]), source.seen)
                    )
            # The brands its "doing business as" names, found by their sites' names (thatsthem.com).
            brands = [by_label.get(_label(name)) for name in _dba_names(str(record.get("notes", "")))]
            holders += [b for b in dict.fromkeys(brands) if b is not None and b not in holders]
            _link_parents(record, holders, owner, primary_owner, parent_of, source, result)
    result.addresses = _address_fixes(catalog, sources, curated)
    return result


_DBA = re.compile(r"Does business as: ([^\n]+?)\.(?: |$)")


def _dba_names(notes: str) -> list[str]:
    found = _DBA.search(notes)
    return [name.strip() for name in found.group(1).split(", ")] if found else []


def _label(name: str) -> str:
    """A brand's name as a site's name: "US Search" -> ussearch, "Tracers.com" -> tracers."""
    text = name.lower().removesuffix(".com").removesuffix(".net").removesuffix(".org")
    text = re.sub(r"\b(inc|llc|ltd|corp|co)\b\.?", "", text)
    return re.sub(r"[^a-z0-9]", "", text)


def _records_by_label(catalog: Catalog) -> dict[str, str]:
    """Broker records by the name of their first site, where exactly one record has that name."""
    seen: dict[str, list[str]] = {}
    for broker in catalog.brokers:
        if broker.domains:
            seen.setdefault(
                (registrable_domain_of(broker.domains[0]) or "").split(".")[0].replace("-", ""), []
            ).append(str(broker.id))
    return {label: ids[0] for label, ids in seen.items() if len(ids) == 1 and len(label) > 3}


_CONFLICT = re.compile(r"Conflict: (.+?) listed (\S+@\S+) \((\d{4}-\d{2}-\d{2})\)")


def _address_fixes(catalog: Catalog, sources: Sequence[Source], curated: frozenset[str]) -> list[AddressFix]:
    """A named person's address (old registry rows list whoever filed the form) waits for one person and
    bounces once they leave: take a role mailbox on the record's own domain from a state registry or from
    a conflict its notes record, else keep its web form only."""
    offered: dict[str, list[tuple[str, str]]] = {}
    for source in sources:
        for record in source.records:
            email = str(record.get("email") or "")
            for domain in record["domains"]:
                held = catalog.by_domain(domain)
                if held is not None and email:
                    offered.setdefault(str(held.id), []).append((email, f"{source.label}, {source.seen}"))
    fixes: list[AddressFix] = []
    for broker in catalog.brokers:
        if broker.id in curated or not broker.email or not looks_personal(broker.email):
            continue
        own = {(registrable_domain_of(d) or d).split(".")[0] for d in broker.domains}
        noted = [
            (m.group(2).rstrip(".;,"), f"{m.group(1)}, {m.group(3)}")
            for m in _CONFLICT.finditer(broker.notes)
        ]
        choices = [
            (email, seen)
            for email, seen in [*offered.get(str(broker.id), []), *noted]
            if not looks_personal(email)
            and (registrable_domain_of(email.rpartition("@")[2]) or "").split(".")[0] in own
        ]
        if choices:
            email, seen = choices[0]
            fixes.append(
                AddressFix(
                    broker.id, email, f"Address as listed by {seen}; the one listed before named a person."
                )
            )
        elif broker.form_url:
            fixes.append(
                AddressFix(
                    broker.id, "", "The listed address named a person: requests go through the web form."
                )
            )
    return fixes


def _link_parents(
    record: Record,
    holders: list[str],
    owner: Callable[[str], str | None],
    primary_owner: Callable[[str], str | None],
    parent_of: dict[str, str],
    source: Source,
    result: RegistryBundle,
) -> None:
    """Two facts make a parent: one registrant naming several listed sites (its own site, where its rights
    page is, covers the others), and a registrant filing another listed company's privacy address as its
    own (that company answers for it)."""
    number = re.search(r"registration (\S+?)[,.]", str(record.get("notes", "")))
    registrant = f"{record['source']} registration {number.group(1) if number else '?'} ({record['name']})"
    email_domain = registrable_domain_of(str(record.get("email") or "").rpartition("@")[2])
    answering = primary_owner(email_domain) if email_domain else None
    if answering is not None and answering not in holders:
        for child in holders:
            _add_parent(
                child, answering, f"{registrant} files {answering}'s address", parent_of, source, result
            )
        return
    if len(holders) < 2:
        return
    form_domain = registrable_domain_of(str(record.get("form_url") or ""))
    candidates = [owner(d) for d in (form_domain, email_domain) if d]
    parent = next((c for c in candidates if c in holders), holders[0])
    for child in holders:
        _add_parent(
            child, parent, f"{registrant} names its site beside {parent}'s", parent_of, source, result
        )


def _add_parent(
    child: str, parent: str, why: str, parent_of: dict[str, str], source: Source, result: RegistryBundle
) -> None:
    if child == parent or child in parent_of or _is_ancestor(child, parent, parent_of):
        return
    parent_of[child] = parent
    result.parents.append(ParentLink(child, parent, why, source.seen))


def _is_ancestor(candidate: str, of: str, parent_of: Mapping[str, str]) -> bool:
    seen: set[str] = set()
    current: str | None = of
    while current is not None and current not in seen:
        if current == candidate:
            return True
        seen.add(current)
        current = parent_of.get(current)
    return False


def registries_toml(result: RegistryBundle) -> str:
    """The file's text: the new records, then the links, each table's fields in a fixed order."""
    text = catalog_toml(result.records.values()).replace(
        "# Generated by `python -m bot brokers bundle`",
        "# Generated by `python -m bot brokers registries`",
        1,
    )
    lines = [text.rstrip("\n")]
    tables: list[tuple[str, Iterable[Any], Any]] = [
        ("registration", sorted(result.registrations, key=lambda r: (r.broker_id, r.registry)), Registration),
        ("parent", sorted(result.parents, key=lambda p: p.broker_id), ParentLink),
        ("address", sorted(result.addresses, key=lambda a: a.broker_id), AddressFix),
        ("disagreement", sorted(result.disagreements, key=lambda d: (d.broker_id, d.source)), Disagreement),
    ]
    for table, items, kind in tables:
        for item in items:
            lines += ["", f"[[{table}]]"]
            lines += [f"{f.name} = {toml_value(getattr(item, f.name))}" for f in fields(kind)]
    return "\n".join(lines) + "\n"
