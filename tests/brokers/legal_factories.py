"""Small builders for domain values used across the broker tests."""

from __future__ import annotations

from brokers.catalog import Broker, BrokerId, Kind


def make_broker(*, country: str = "US", name: str = "Acme Data Inc.") -> Broker:
    return Broker(
        id=BrokerId("acme"),
        name=name,
        kind=Kind.BROKER,
        category="people-search",
        domains=("acme.example",),
        email="privacy@acme.example",
        country=country,
    )
