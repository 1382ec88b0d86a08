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


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: its kind (no_channel, duplicate_domain, no_mx, disagreement), the record and what."""

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
    return "\n".join(lines)


def check_catalog(
    catalog: Catalog,
    disagreements: Iterable[Mapping[str, Any]] = (),
    has_mx: Callable[[str], bool | None] | None = None,
) -> list[Finding]:
    """Records without a channel, domains held by two records, registry disagreements, and (given a
    look-up) addresses whose domain has no MX record; `has_mx` returns None when it cannot tell."""
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
    for item in disagreements:
        broker_id = str(item.get("broker_id", ""))
        if catalog.get(broker_id) is None:
            continue
        findings.append(
            Finding(
                "disagreement",
                broker_id,
                f"{item.get('field')}: we have {item.get('ours')}, {item.get('source')} listed "
                f"{item.get('theirs')} ({item.get('seen')})",
            )
        )
    if has_mx is not None:
        findings.extend(_mx_findings(catalog, has_mx))
    return findings


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
