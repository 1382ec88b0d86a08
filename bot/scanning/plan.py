"""The search plan: the catalog's sender domains packed into bounded `from:(a OR b ...)` Gmail queries."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from brokers.catalog import BrokerId, Catalog
from brokers.matching import SENDING_PROVIDERS, is_freemail, normalize_host

# Gmail documents no maximum for `q`, but very long OR-groups are reported to fail silently, and the
# client turns a URL over 2,048 characters into a POST (PLATFORM.md C4, G9): stay well under both.
MAX_QUERY_CHARS = 1400
_AFTER_RESERVE = len(" after:9999999999")


@dataclass(frozen=True, slots=True)
class BrokerTerms:
    """The `from:` terms that find one broker's mail: its domains and provider hosts."""

    broker_id: BrokerId
    terms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Chunk:
    groups: tuple[BrokerTerms, ...]

    @property
    def terms(self) -> tuple[str, ...]:
        return tuple(term for group in self.groups for term in group.terms)


def broker_terms(catalog: Catalog) -> list[BrokerTerms]:
    """Each enabled broker's search terms, in catalog order; free-mail hosts and repeats are dropped."""
    seen: set[str] = set()
    groups = []
    for broker in catalog.enabled():
        terms = []
        for raw in (*broker.domains, *broker.provider_hosts):
            host = normalize_host(raw)
            if host is None or host in seen or is_freemail(host):
                continue
            seen.add(host)
            terms.append(host)
        if terms:
            groups.append(BrokerTerms(broker.id, tuple(terms)))
    return groups


def plan_chunks(catalog: Catalog, *, max_chars: int = MAX_QUERY_CHARS) -> list[Chunk]:
    """Pack whole brokers into chunks whose query stays under `max_chars` (a broker is never split)."""
    chunks: list[Chunk] = []
    current: list[BrokerTerms] = []
    for group in broker_terms(catalog):
        candidate = [*current, group]
        if current and len(from_query(Chunk(tuple(candidate)).terms)) + _AFTER_RESERVE > max_chars:
            chunks.append(Chunk(tuple(current)))
            candidate = [group]
        current = candidate
    if current:
        chunks.append(Chunk(tuple(current)))
    return chunks


def plan_fingerprint(chunks: Sequence[Chunk]) -> str:
    """A short digest of the plan, so a cursor made under another catalog is not resumed blindly."""
    shape = [[[str(g.broker_id), *g.terms] for g in chunk.groups] for chunk in chunks]
    return hashlib.sha256(json.dumps(shape).encode()).hexdigest()[:16]


def from_query(terms: Sequence[str], *, exclude: Iterable[str] = (), after: int | None = None) -> str:
    """`from:(a OR b)` for the terms, minus `-from:(...)` for the excluded ones, from `after:` on."""
    parts = [_from_group(terms)]
    excluded = sorted(set(exclude) - set(terms))
    if excluded:
        parts.append("-" + _from_group(excluded))
    if after is not None:
        # Epoch seconds: Gmail reads a date like 2024/01/31 as midnight Pacific time.
        parts.append(f"after:{after}")
    return " ".join(parts)


def _from_group(terms: Sequence[str]) -> str:
    if len(terms) == 1:
        return f"from:{terms[0]}"
    return "from:(" + " OR ".join(terms) + ")"


def provider_terms(catalog: Catalog) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the sending providers to search, the catalog's provider hosts to leave out of that search)."""
    hosts = sorted({t for g in broker_terms(catalog) for t in g.terms if _is_under_provider(t)})
    return tuple(sorted(SENDING_PROVIDERS)), tuple(hosts)


def _is_under_provider(host: str) -> bool:
    return any(host == p or host.endswith("." + p) for p in SENDING_PROVIDERS)


def after_epoch(since: datetime | None) -> int | None:
    return None if since is None else int(since.timestamp())
