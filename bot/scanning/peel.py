"""Peeling a query's hits: fetch the newest unexplained hit, claim all mail like it, exclude that, repeat."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bot.scanning.plan import from_query
from bot.scanning.state import ScanRun
from brokers.catalog import BrokerId
from brokers.mailbox import MessageHeaders
from brokers.matching import Sender

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Claim:
    """A fetched hit explained: the terms that find all mail like it, and the broker it is from (if any)."""

    broker_id: BrokerId | None
    terms: tuple[str, ...]
    sender: Sender | None
    via_provider: bool = False


Resolve = Callable[[MessageHeaders], Claim | None]


@dataclass(slots=True)
class Hits:
    """The hits of one `from:` query still to explain, newest first; claimed terms become exclusions."""

    terms: Sequence[str]
    excluded: list[str]
    skipped: set[str]  # ids examined or claimed
    ids: list[str] = field(default_factory=list)
    token: str | None = None
    stale: bool = False  # terms were excluded since the current page was asked for


Record = Callable[[Claim, MessageHeaders, list[str]], None]  # the claim, its hit, every id it covers


class Peeler:
    def __init__(self, run: ScanRun) -> None:
        self.run = run

    async def peel(
        self,
        hits: Hits,
        resolve: Resolve,
        record: Record,
        *,
        misses_allowed: int,
        claims_allowed: int | None = None,
    ) -> bool:
        """Explain the hits newest first; False when too many could not be explained."""
        misses = claims = 0
        hits.ids, hits.token = await self.page(hits.terms, hits.excluded, None)
        while (head := await self._next_hit(hits)) is not None:
            self.run.stop_if_cancelled()
            hits.skipped.add(head)
            fetched = await self.run.mailbox.headers([head])
            self.run.state.examined += 1
            claim = resolve(fetched[0]) if fetched else None
            if claim is None:
                misses += len(fetched)
                if misses >= misses_allowed:
                    return False
                continue
            listed = await self.all_ids(claim.terms)
            hits.skipped.update(listed)
            hits.excluded += claim.terms
            hits.stale = True
            record(claim, fetched[0], listed)
            claims += 1
            if claims_allowed is not None and claims >= claims_allowed:
                log.info("search stopped after %d sending hosts", claims)
                break
        return True

    async def _next_hit(self, hits: Hits) -> str | None:
        while True:
            head = next((i for i in hits.ids if i not in hits.skipped), None)
            if head is not None or hits.token is None:
                return head
            # Once terms were excluded, ask afresh: later pages of the old query hold mostly claimed mail.
            hits.ids, hits.token = await self.page(
                hits.terms, hits.excluded, None if hits.stale else hits.token
            )
            hits.stale = False

    async def page(
        self, terms: Sequence[str], excluded: Sequence[str], token: str | None
    ) -> tuple[list[str], str | None]:
        query = from_query(terms, exclude=excluded, after=self.run.state.after)
        return await self.run.mailbox.list_message_ids(query, page_token=token, include_spam_trash=True)

    async def all_ids(self, terms: Sequence[str]) -> list[str]:
        ids, token = await self.page(terms, (), None)
        while token is not None:
            more, token = await self.page(terms, (), token)
            ids += more
        return ids
