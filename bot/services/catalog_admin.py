"""The operators' catalog fixes: look a broker up with its league figures, and store overrides of it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.services.admin_console import AdminConsole
from brokers.admin_stats import BrokerLeagueRow
from brokers.catalog import Broker, Catalog
from brokers.catalog_edits import CatalogEdit, EditRejected, find_brokers, shown
from brokers.ports import AdminQueries, CatalogOverrides, Clock


@dataclass(frozen=True, slots=True)
class EditResult:
    broker: Broker
    before: dict[str, Any]
    after: dict[str, Any]


class CatalogAdmin:
    def __init__(
        self,
        console: AdminConsole,
        clock: Clock,
        overrides: CatalogOverrides,
        queries: AdminQueries,
        *,
        catalog: Callable[[], Catalog],
        replace_catalog: Callable[[Catalog], None],
    ) -> None:
        self._console = console
        self._clock = clock
        self._overrides = overrides
        self._queries = queries
        self._catalog = catalog
        self._replace_catalog = replace_catalog

    async def look_up(self, actor: int, query: str) -> list[tuple[Broker, BrokerLeagueRow | None]]:
        found = find_brokers(self._catalog(), query)
        await self._console.audit(actor, "broker", detail={"found": [b.id for b in found]})
        return [(broker, await self._queries.broker_row(broker.id)) for broker in found]

    async def apply(self, actor: int, edit: CatalogEdit) -> EditResult | EditRejected:
        """Store the override, then swap the catalog the bot uses, so the next letter follows it."""
        current = self._catalog()
        broker = current.get(edit.broker_id)
        if broker is None:
            return EditRejected.UNKNOWN_BROKER
        patch = {**edit.patch, "id": broker.id}
        await self._overrides.save(patch, at=self._clock.now(), by=actor)
        updated = current.with_overrides([patch])
        self._replace_catalog(updated)
        after = updated.get(broker.id)
        assert after is not None
        result = EditResult(after, shown(broker), shown(after))
        # A broker's contact address is the company's, not a person's: it may stand in the audit log.
        await self._console.audit(
            actor, "broker_set", detail={"broker": broker.id, "change": edit.change, "after": result.after}
        )
        return result
