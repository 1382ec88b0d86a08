"""What `python -m bot brokers check` reports about the catalog, and the counts `brokers list` closes with.

Pure: the findings come from the catalog and the bundled disagreements; the MX look-up (network) is the
caller's, given as a function.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from brokers.catalog import Broker, Catalog
from brokers.importers.fields import PRIVACY_PLATFORMS, looks_personal, registrable_domain_of


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: its kind (no_channel, duplicate_domain, foreign_email, sister_email, personal_email,
    bad_parent, no_mx, disagreement), the record and what."""

    kind: str
    broker_id: str
    detail: str


def channel_of(broker: Broker) -> str:
    """How a request reaches the company: email, form, email+form, or none."""
    email, form = broker.can_email, bool(broker.form_url)
    return "email+form" if email and form else "email" if email else "form" if form else "none"


def source_names(source: str) -> list[str]:
    """The lists a record's `source` names, without commits, slugs and licences ("datarequests.org")."""
    names = []
    for part in source.split(";"):
        name = re.split(r" slug | @| \(|, |: ", part.strip(), maxsplit=1)[0].strip()
        if name:
            names.append(name)
    return list(dict.fromkeys(names))


def counts(catalog: Catalog) -> dict[str, Counter[str]]:
    """Records by kind, category, channel and source (a record with two sources counts for both)."""
    out: dict[str, Counter[str]] = {key: Counter() for key in ("kind", "category", "channel", "source")}
    for broker in catalog.brokers:
        out["kind"][str(broker.kind)] += 1
        out["category"][f"{broker.kind}/{broker.category}"] += 1
        out["channel"][channel_of(broker)] += 1
        out["source"].update(source_names(broker.source))
    return out


def counts_text(catalog: Catalog) -> str:
    lines = [f"{len(catalog.brokers)} records"]
    for key, counter in counts(catalog).items():
        parts = ", ".join(f"{name} {n}" for name, n in counter.most_common())
        lines.append(f"by {key}: {parts}")
    covered = [b for b in catalog.brokers if b.parent]
    lines.append(
        f"parents: {len(covered)} records covered by a request to one of "
        f"{len({b.parent for b in covered})} parents"
    )
    return "\n".join(lines)


def check_catalog(
    catalog: Catalog,
    disagreements: Iterable[Mapping[str, Any]] = (),
    has_mx: Callable[[str], bool | None] | None = None,
) -> list[Finding]:
    """Records without a channel, domains held by two records, addresses on another company's domain or
    of a named person, registry disagreements, and (given a look-up) addresses whose domain has no MX
    record; `has_mx` returns None when it cannot tell."""
    findings = [
        Finding("no_channel", b.id, "neither an e-mail it accepts nor a web form")
        for b in catalog.brokers
        if channel_of(b) == "none"
    ]
    holders: dict[str, list[str]] = {}
    for broker in catalog.brokers:
        for domain in {*broker.domains, *broker.provider_hosts}:
            holders.setdefault(domain.lower(), []).append(broker.id)
    for domain, ids in sorted(holders.items()):
        if len(ids) > 1:
            findings.extend(
                Finding(
                    "duplicate_domain", i, f"{domain} is also held by {', '.join(sorted(set(ids) - {i}))}"
                )
                for i in ids
            )
    findings.extend(_address_findings(catalog))
    findings.extend(_parent_findings(catalog))
    disagreements = list(disagreements)
    for item in disagreements:
        broker_id = str(item.get("broker_id", ""))
        listed = catalog.get(broker_id)
        if listed is None:
            continue
        if (
            item.get("field") == "email"
            and str(item.get("theirs", "")).lower() == (listed.email or "").lower()
        ):
            continue  # settled: the record took the listed address since
        findings.append(
            Finding(
                "disagreement",
                broker_id,
                f"{item.get('field')}: we have {listed.email or item.get('ours')}, "
                f"{item.get('source')} listed {item.get('theirs')} ({item.get('seen')})",
            )
        )
    findings.extend(_sister_findings(catalog, disagreements))
    if has_mx is not None:
        findings.extend(_mx_findings(catalog, has_mx))
    return findings


def _address_findings(catalog: Catalog) -> list[Finding]:
    """An address on none of the record's own domains (nor its parent's, nor a ticket or privacy-request
    platform) is likely a sister brand's or a stale one; a named person's address waits for one person."""
    found: list[Finding] = []
    for broker in catalog.brokers:
        if not broker.email:
            continue
        host = broker.email.rpartition("@")[2].lower()
        domain = registrable_domain_of(host) or host
        own = {registrable_domain_of(d) or d for d in (*broker.domains, *broker.provider_hosts)}
        holder = catalog.by_domain(domain)
        parent_held = holder is not None and broker.parent is not None and holder.id == broker.parent
        # The same name under another country's suffix (experian.de writing from experian.com) is its own.
        same_brand = _brand(domain) in {_brand(d) for d in own}
        if domain not in own and domain not in PRIVACY_PLATFORMS and not parent_held and not same_brand:
            found.append(Finding("foreign_email", broker.id, f"{domain} is none of its domains"))
        if looks_personal(broker.email):
            found.append(Finding("personal_email", broker.id, "the address names a person, not a role"))
    return found


def _sister_findings(catalog: Catalog, disagreements: list[Mapping[str, Any]]) -> list[Finding]:
    """A record writing to one of its other brands' domains while a list gives an address on its own
    first domain (Data Axle's requests went to a Donorbase mailbox while the registries list
    privacyteam@data-axle.com): the brand's mailbox may not reach whoever answers for the company."""
    found: list[Finding] = []
    reported: set[str] = set()
    for item in disagreements:
        broker = catalog.get(str(item.get("broker_id", "")))
        theirs = str(item.get("theirs", ""))
        if broker is None or broker.id in reported or not broker.email or not broker.domains:
            continue
        primary = _brand(broker.domains[0])
        ours_brand = _brand(broker.email.rpartition("@")[2])
        if (
            ours_brand != primary
            and _brand(theirs.rpartition("@")[2]) == primary
            and not looks_personal(theirs)
        ):
            reported.add(broker.id)
            found.append(
                Finding(
                    "sister_email",
                    broker.id,
                    f"writes to {broker.email.rpartition('@')[2]}, but {item.get('source')} lists {theirs} "
                    f"on its own {broker.domains[0]}",
                )
            )
    return found


def _brand(domain: str) -> str:
    """The name left of the public suffix: experian for experian.com and experian.co.uk."""
    registrable = registrable_domain_of(domain) or domain
    return registrable.split(".", 1)[0]


def _parent_findings(catalog: Catalog) -> list[Finding]:
    """A parent the catalog does not hold, or one covered in turn by its child (a loop)."""
    found: list[Finding] = []
    for broker in catalog.brokers:
        if broker.parent is None:
            continue
        seen, current = {broker.id}, catalog.get(broker.parent)
        if current is None:
            found.append(Finding("bad_parent", broker.id, f"parent {broker.parent} is not in the catalog"))
        while current is not None and current.parent is not None:
            if current.parent in seen:
                found.append(Finding("bad_parent", broker.id, f"parent {broker.parent} leads back to it"))
                break
            seen.add(current.id)
            current = catalog.get(current.parent)
    return found


def _mx_findings(catalog: Catalog, has_mx: Callable[[str], bool | None]) -> list[Finding]:
    by_domain: dict[str, list[str]] = {}
    for broker in catalog.brokers:
        if broker.email:
            by_domain.setdefault(broker.email.rpartition("@")[2].lower(), []).append(broker.id)
    found: list[Finding] = []
    for domain, ids in sorted(by_domain.items()):
        if has_mx(domain) is False:
            found.extend(Finding("no_mx", i, f"{domain} has no MX record") for i in ids)
    return found
