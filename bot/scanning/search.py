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
from collections.abc import Sequence
from functools import partial

from bot.scanning.peel import Claim, Hits, Peeler
from bot.scanning.plan import BrokerTerms, Chunk, plan_chunks, plan_fingerprint, provider_terms
from bot.scanning.results import Tally
from bot.scanning.state import Phase, ScanRun
from brokers.mailbox import MessageHeaders
from brokers.matching import match_sender, parse_sender

log = logging.getLogger(__name__)

MAX_MISSES = 3  # rejected hits in a chunk before it is split
MAX_LEAF_MISSES = 5  # rejected hits in one broker's own query before its terms are given up
MAX_SENDING_HOSTS = 60  # ticketing/bulk-mail hosts examined per scan


class SearchScan:
    def __init__(self, run: ScanRun) -> None:
        self.run = run
        self.state = run.state
        self.chunks = plan_chunks(run.catalog)
        self.peeler = Peeler(run)
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
            # The progress names the work still to come: more chunks, then the providers.
            following = Phase.CHUNKS if state.next_chunk < len(self.chunks) else Phase.PROVIDERS
            await self.run.step(state.next_chunk, total, following)
        if state.phase is Phase.CHUNKS:
            state.phase = Phase.PROVIDERS
        if state.phase is Phase.PROVIDERS:
            self.run.stop_if_cancelled()
            self._merge(await self._providers())
            state.phase = Phase.DATES
            await self.run.step(len(self.chunks) + 1, total, Phase.DATES)
        if state.phase is Phase.DATES:
            self.run.stop_if_cancelled()
            await self._dates()
            state.phase = Phase.DONE
            await self.run.step(total, total, Phase.DONE)

    async def _chunk(self, chunk: Chunk) -> dict[str, Tally]:
        found: dict[str, Tally] = {}
        await self._peel_groups(chunk.groups, found, excluded=[], skipped=set())
        return found

    async def _peel_groups(
        self,
        groups: Sequence[BrokerTerms],
        found: dict[str, Tally],
        *,
        excluded: list[str],
        skipped: set[str],
    ) -> None:
        hits = Hits(Chunk(tuple(groups)).terms, list(excluded), skipped)
        allowed = MAX_MISSES if len(groups) > 1 else MAX_LEAF_MISSES
        if await self.peeler.peel(
            hits, self._resolve_broker, partial(self._record, found), misses_allowed=allowed
        ):
            return
        if len(groups) == 1:
            log.info("search gave up on one broker's terms after %d unconfirmed hits", allowed)
            return
        half = len(groups) // 2
        for part in (groups[:half], groups[half:]):
            await self._peel_groups(part, found, excluded=hits.excluded, skipped=skipped)

    async def _providers(self) -> dict[str, Tally]:
        found: dict[str, Tally] = {}
        providers, catalog_hosts = provider_terms(self.run.catalog)
        hits = Hits(providers, list(catalog_hosts), set())
        record = partial(self._record, found)
        await self.peeler.peel(
            hits,
            partial(self._resolve_sending_host, found),
            record,
            misses_allowed=MAX_LEAF_MISSES,
            claims_allowed=MAX_SENDING_HOSTS,
        )
        return found

    def _record(self, found: dict[str, Tally], claim: Claim, head: MessageHeaders, listed: list[str]) -> None:
        if claim.broker_id is None or (claim.broker_id in self.state.tallies and not claim.via_provider):
            return
        tally = found.setdefault(str(claim.broker_id), Tally())
        # A claim's terms cover all of the broker's mail found so far: its listing is the whole count.
        tally.terms, tally.count = list(claim.terms), len(listed)
        tally.oldest_id = listed[-1] if listed else None
        tally.seen.append(head.id)
        tally.see(head.internal_date, claim.sender)

    def _merge(self, found: dict[str, Tally]) -> None:
        for key, tally in found.items():
            if key in self.state.tallies:
                self.state.tallies[key].supersede(tally)
            else:
                self.state.tallies[key] = tally

    async def _dates(self) -> None:
        """Read each broker's oldest message (one batch): its date is when the broker first wrote."""
        tallies = self.state.tallies
        oldest = {t.oldest_id: key for key, t in tallies.items() if t.oldest_id and t.oldest_id not in t.seen}
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

    def _resolve_sending_host(self, found: dict[str, Tally], headers: MessageHeaders) -> Claim | None:
        sender = parse_sender(headers.from_header or "")
        if sender is None:
            return None
        # A tenant host (acme.zendesk.com) stands for one customer; the bare provider domain does not.
        term = sender.host if sender.host != sender.domain else sender.address
        broker = match_sender(self.run.catalog, headers.from_header or "", headers.reply_to)
        if broker is None:
            return Claim(None, (term,), sender, via_provider=True)
        # Listing the broker's own terms with this host counts all its mail in one query.
        known = found.get(str(broker.id)) or self.state.tallies.get(str(broker.id))
        terms = list(known.terms if known is not None else self.terms_of.get(broker.id, ()))
        if term not in terms:
            terms.append(term)
        return Claim(broker.id, tuple(terms), sender, via_provider=True)
