"""The catalog the bot uses now and the operators' overrides that change it: an edit is stored, then used."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from brokers.catalog import Catalog
from brokers.ports import CatalogOverrides


@dataclass(frozen=True, slots=True)
class LiveCatalog:
    overrides: CatalogOverrides
    current: Callable[[], Catalog]
    replace: Callable[[Catalog], None]

    async def store(self, patches: Sequence[Mapping[str, Any]], *, at: datetime, by: int) -> Catalog:
        """Save the overrides, then swap the catalog the bot uses, so the next letter follows them."""
        await self.overrides.save_all(patches, at=at, by=by)
        updated = self.current().with_overrides(patches)
        self.replace(updated)
        return updated
