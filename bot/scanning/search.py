"""Search mode: query Gmail for the catalog's domains and fetch headers only where something was found.

Each chunk of domains is one `from:(a OR b ...)` query. Its newest hit is fetched and matched with the
real matcher; the broker it names is listed on its own (the count; the oldest id) and left out of the
chunk's next query, until no hit is left. Hits the matcher rejects are skipped; when a chunk keeps
producing them it is split in two. Mail sent through a ticketing or bulk-mail service (the From is
`acme.zendesk.com`, Reply-To the broker) is peeled the same way, one sending host at a time. So the cost
grows with the brokers found, not with the size of the mailbox.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.scanning.plan import BrokerTerms, Chunk, from_query, plan_chunks, plan_fingerprint, provider_terms
from bot.scanning.results import Tally
from bot.scanning.state import Phase, ScanRun
from brokers.catalog import BrokerId
from brokers.mailbox import MessageHeaders
from brokers.matching import Sender, match_sender, parse_sender

log = logging.getLogger(__name__)

MAX_MISSES = 3  # rejected hits in a chunk before it is split
MAX_LEAF_MISSES = 5  # rejected hits in one broker's own query before its terms are given up
MAX_SENDING_HOSTS = 60  # ticketing/bulk-mail hosts examined per scan


@dataclass(frozen=True, slots=True)
class Claim:
    """A fetched hit explained: the terms that find all mail like it, and the broker it is from (if any)."""

    broker_id: BrokerId | None
    terms: tuple[str, ...]
    sender: Sender | None
    via_provider: bool = False


Resolve = Callable[[MessageHeaders], Claim | None]


class SearchScan:
    def __init__(self, run: ScanRun) -> None:
        self.run = run
        self.state = run.state
        self.chunks = plan_chunks(run.catalog)
        self.terms_of = {g.broker_id: g.terms for chunk in self.chunks for g in chunk.groups}

    async def run_phases(self) -> None:
        state, total = self.state, len(self.chunks) + 2
        fingerprint = plan_fingerprint(self.chunks)
        if state.plan != fingerprint:
            state.plan, state.phase, state.next_chunk = fingerprint, Phase.CHUNKS, 0
            state.tallies.clear()
        while state.phase is Phase.CHUNKS and state.next_chunk < len(self.chunks):
            self.run.stop_if_cancelled()
            self._merge(await self._chunk(self.chunks[state.next_chunk]))
            state.next_chunk += 1
            await self.run.step(state.next_chunk, total, "search")
        if state.phase is Phase.CHUNKS:
            state.phase = Phase.PROVIDERS
        if state.phase is Phase.PROVIDERS:
            self.run.stop_if_cancelled()
            self._merge(await self._providers())
            state.phase = Phase.DATES
            await self.run.step(len(self.chunks) + 1, total, "search")
        if state.phase is Phase.DATES:
            self.run.stop_if_cancelled()
            await self._dates()
            state.phase = Phase.DONE
            await self.run.step(total, total, "search")

    async def _chunk(self, chunk: Chunk) -> dict[str, Tally]:
        found: dict[str, Tally] = {}
        await self._peel_groups(chunk.groups, found, excluded=(), skipped=set())
        return found

    async def _peel_groups(
        self,
        groups: Sequence[BrokerTerms],
        found: dict[str, Tally],
        *,
        excluded: Sequence[str],
        skipped: set[str],
    ) -> None:
        terms = Chunk(tuple(groups)).terms
        split = await self._peel(
            terms,
            self._resolve_broker,
            found,
            excluded=excluded,
            skipped=skipped,
            misses_allowed=MAX_MISSES if len(groups) > 1 else MAX_LEAF_MISSES,
        )
        if split is not None and len(groups) == 1:
            log.info("search gave up on one broker's terms after %d unconfirmed hits", MAX_LEAF_MISSES)
        elif split is not None:
            half = len(groups) // 2
            for part in (groups[:half], groups[half:]):
                await self._peel_groups(part, found, excluded=split, skipped=skipped)

    async def _providers(self) -> dict[str, Tally]:
        found: dict[str, Tally] = {}
        providers, catalog_hosts = provider_terms(self.run.catalog)
        await self._peel(
            providers,
            self._resolve_sending_host,
            found,
            excluded=catalog_hosts,
            skipped=set(),
            misses_allowed=MAX_LEAF_MISSES,
            claims_allowed=MAX_SENDING_HOSTS,
        )
        return found

    async def _peel(
        self,
        terms: Sequence[str],
        resolve: Resolve,
        found: dict[str, Tally],
        *,
        excluded: Sequence[str],
        skipped: set[str],
        misses_allowed: int,
        claims_allowed: int | None = None,
    ) -> list[str] | None:
        """Explain the hits of `terms` newest first; return the exclusions so far if misses ran out."""
        excluded, misses, claims, fresh = list(excluded), 0, 0, True
        ids, token = await self._page(terms, excluded, None)
        while True:
            remaining = [i for i in ids if i not in skipped]
            if not remaining:
                if token is None:
                    return None
                ids, token = await self._page(terms, excluded, None if not fresh else token)
                fresh = True
                continue
            self.run.stop_if_cancelled()
            skipped.add(remaining[0])
            fetched = await self.run.mailbox.headers([remaining[0]])
            self.state.examined += 1
            claim = resolve(fetched[0]) if fetched else None
            if fetched and claim is None:
                misses += 1
                if misses >= misses_allowed:
                    return excluded
            if claim is None:
                continue
            listed = await self._all_ids(claim.terms)
            skipped.update(listed)
            excluded += claim.terms
            fresh, claims = False, claims + 1
            self._record(found, claim, fetched[0], listed)
            if claims_allowed is not None and claims >= claims_allowed:
                log.info("search stopped after %d sending hosts", claims)
                return None

    def _record(self, found: dict[str, Tally], claim: Claim, head: MessageHeaders, listed: list[str]) -> None:
        if claim.broker_id is None or (claim.broker_id in self.state.tallies and not claim.via_provider):
            return
        key = str(claim.broker_id)
        tally = found.setdefault(key, Tally(terms=list(self.terms_of.get(claim.broker_id, ()))))
        if claim.via_provider:
            tally.terms += [t for t in claim.terms if t not in tally.terms]
            tally.requery = True
        else:
            tally.count += len(listed)
            oldest = listed[-1] if listed else None
            tally.oldest_id = None if oldest == head.id else oldest
        tally.seen.append(head.id)
        tally.see(head.internal_date, claim.sender)

    def _merge(self, found: dict[str, Tally]) -> None:
        for key, tally in found.items():
            if key in self.state.tallies:
                self.state.tallies[key].absorb(tally)
            else:
                self.state.tallies[key] = tally

    async def _dates(self) -> None:
        """Recount brokers also found through a sending service, then read each one's oldest message."""
        for tally in self.state.tallies.values():
            if tally.requery:
                listed = await self._all_ids(tally.terms)
                tally.count, tally.requery = max(len(listed), 1), False
                tally.oldest_id = listed[-1] if listed and listed[-1] not in tally.seen else None
        oldest = {t.oldest_id: key for key, t in self.state.tallies.items() if t.oldest_id}
        for headers in await self.run.mailbox.headers(list(oldest)):
            key = oldest[headers.id]
            self.state.examined += 1
            broker = match_sender(self.run.catalog, headers.from_header or "", headers.reply_to)
            if broker is not None and str(broker.id) == key:
                self.state.tallies[key].see(headers.internal_date, parse_sender(headers.from_header or ""))
        for tally in self.state.tallies.values():
            tally.oldest_id = None

    def _resolve_broker(self, headers: MessageHeaders) -> Claim | None:
        broker = match_sender(self.run.catalog, headers.from_header or "", headers.reply_to)
        if broker is None or broker.id not in self.terms_of:
            return None
        return Claim(broker.id, self.terms_of[broker.id], parse_sender(headers.from_header or ""))

    def _resolve_sending_host(self, headers: MessageHeaders) -> Claim | None:
        sender = parse_sender(headers.from_header or "")
        if sender is None:
            return None
        # A tenant host (acme.zendesk.com) stands for one customer; the bare provider domain does not.
        term = sender.host if sender.host != sender.domain else sender.address
        broker = match_sender(self.run.catalog, headers.from_header or "", headers.reply_to)
        return Claim(None if broker is None else broker.id, (term,), sender, via_provider=True)

    async def _page(
        self, terms: Sequence[str], excluded: Sequence[str], token: str | None
    ) -> tuple[list[str], str | None]:
        query = from_query(terms, exclude=excluded, after=self.state.after)
        return await self.run.mailbox.list_message_ids(query, page_token=token, include_spam_trash=True)

    async def _all_ids(self, terms: Sequence[str]) -> list[str]:
        ids, token = await self._page(terms, (), None)
        while token is not None:
            more, token = await self._page(terms, (), token)
            ids += more
        return ids
