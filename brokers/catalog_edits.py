"""The operators' catalog edits (`/broker_set ID email ADDRESS | form URL | disable | enable`), validated."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from brokers.catalog import Broker, Catalog
from brokers.importers.fields import https_url, valid_email

# What an operator sees of a record before and after an edit: where letters go and whether they do.
SHOWN_FIELDS = ("email", "form_url", "accepts_email", "enabled")


class EditRejected(StrEnum):
    USAGE = "usage"
    UNKNOWN_BROKER = "unknown_broker"
    BAD_EMAIL = "bad_email"
    BAD_URL = "bad_url"


@dataclass(frozen=True, slots=True)
class CatalogEdit:
    broker_id: str
    change: str
    patch: Mapping[str, Any]


def parse_edit(args: Sequence[str]) -> CatalogEdit | EditRejected:
    """Read the command's words; the patch is what the override stores (partial, on top of the bundle)."""
    if len(args) < 2:
        return EditRejected.USAGE
    broker_id, change, rest = args[0], args[1].lower(), args[2:]
    if change in ("disable", "enable") and not rest:
        return CatalogEdit(broker_id, change, {"enabled": change == "enable"})
    if change == "email" and len(rest) == 1:
        address = valid_email(rest[0])
        if address is None:
            return EditRejected.BAD_EMAIL
        # A fixed address is one the broker reads, so letters go there again.
        return CatalogEdit(broker_id, change, {"email": address.lower(), "accepts_email": True})
    if change == "form" and len(rest) == 1:
        url = https_url(rest[0])
        if url is None:
            return EditRejected.BAD_URL
        return CatalogEdit(broker_id, change, {"form_url": url})
    return EditRejected.USAGE


def find_brokers(catalog: Catalog, query: str, *, limit: int = 5) -> list[Broker]:
    """The broker with this id, or those whose name or domain contains the query (any case)."""
    exact = catalog.get(query.strip())
    if exact is not None:
        return [exact]
    needle = query.strip().lower()
    if not needle:
        return []
    found = [b for b in catalog.brokers if needle in b.name.lower() or needle in b.domains]
    return found[:limit]


def shown(broker: Broker) -> dict[str, Any]:
    return {name: getattr(broker, name) for name in SHOWN_FIELDS}
