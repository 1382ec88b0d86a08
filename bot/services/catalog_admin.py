"""The operators' catalog fixes: look a broker up with its league figures, and store overrides of it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.services.admin_console import AdminConsole
from bot.services.live_catalog import LiveCatalog
from brokers.admin_stats import BrokerLeagueRow
from brokers.catalog import Broker
from brokers.catalog_edits import CatalogEdit, EditRejected, find_brokers, shown
from brokers.ports import AdminQueries, Clock


@dataclass(frozen=True, slots=True)
class EditResult:
    broker: Broker
    before: dict[str, Any]
    after: dict[str, Any]


class CatalogAdmin:
    def __init__(self, console: AdminConsole, clock: Clock, queries: AdminQueries, live: LiveCatalog) -> None:
        self._console = console
        self._clock = clock
        self._queries = queries
        self._live = live

    async def look_up(self, actor: int, query: str) -> list[tuple[Broker, BrokerLeagueRow | None]]:
        found = find_brokers(self._live.current(), query)
        await self._console.audit(actor, "broker", detail={"found": [b.id for b in found]})
        return [(broker, await self._queries.broker_row(broker.id)) for broker in found]

    async def apply(self, actor: int, edit: CatalogEdit) -> EditResult | EditRejected:
        """Store the override, then swap the catalog the bot uses, so the next letter follows it."""
        broker = self._live.current().get(edit.broker_id)
        if broker is None:
            return EditRejected.UNKNOWN_BROKER
        patch = {**edit.patch, "id": broker.id}
        updated = await self._live.store([patch], at=self._clock.now(), by=actor)
        after = updated.get(broker.id)
        assert after is not None
        result = EditResult(after, shown(broker), shown(after))
        # A broker's contact address is the company's, not a person's: it may stand in the audit log.
        await self._console.audit(
            actor, "broker_set", detail={"broker": broker.id, "change": edit.change, "after": result.after}
        )
        return result
