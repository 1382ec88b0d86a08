"""The operators' figures: the median from grouped counts, the league's order, the catalog edit words."""

from __future__ import annotations

import statistics

from hypothesis import given
from hypothesis import strategies as st

from brokers.admin_stats import BrokerLeagueRow, mask_address, median_of_histogram, rank_league
from brokers.catalog_edits import CatalogEdit, EditRejected, parse_edit


@given(st.lists(st.integers(min_value=0, max_value=60), min_size=1, max_size=200))
def test_median_of_histogram_is_the_median_of_the_values(values: list[int]) -> None:
    histogram = [(float(v), values.count(v)) for v in set(values)]
    assert median_of_histogram(histogram) == statistics.median(values)


def test_median_of_nothing_is_none() -> None:
    assert median_of_histogram([]) is None


def test_league_ranks_completion_then_speed_and_unknown_speed_last() -> None:
    slow = BrokerLeagueRow("slow", sent=2, replies=2, completed=2, median_days=20.0)
    fast = BrokerLeagueRow("fast", sent=2, replies=2, completed=2, median_days=3.0)
    half = BrokerLeagueRow("half", sent=4, replies=4, completed=2, median_days=1.0)
    mute = BrokerLeagueRow("mute", sent=9, replies=0, completed=0, median_days=None)
    assert [r.broker_id for r in rank_league([mute, slow, half, fast])] == ["fast", "slow", "half", "mute"]


def test_addresses_are_masked() -> None:
    assert mask_address("alice@gmail.com") == "a***@gmail.com"
    assert mask_address("nonsense") == "***"


def test_catalog_edits_are_validated() -> None:
    assert parse_edit(["acme", "email", "DSR@Acme.com"]) == CatalogEdit(
        "acme", "email", {"email": "dsr@acme.com", "accepts_email": True}
    )
    assert parse_edit(["acme", "form", "https://acme.com/privacy"]) == CatalogEdit(
        "acme", "form", {"form_url": "https://acme.com/privacy"}
    )
    assert parse_edit(["acme", "DISABLE"]) == CatalogEdit("acme", "disable", {"enabled": False})
    assert parse_edit(["acme", "email", "a@b@c"]) is EditRejected.BAD_EMAIL
    assert parse_edit(["acme", "form", "javascript:alert(1)"]) is EditRejected.BAD_URL
    assert parse_edit(["acme", "email"]) is EditRejected.USAGE
    assert parse_edit(["acme", "enable", "now"]) is EditRejected.USAGE
    assert parse_edit([]) is EditRejected.USAGE
