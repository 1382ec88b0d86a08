"""The per-address limit: a flood from one address empties only its own bucket."""

from __future__ import annotations

from bot.web.client_limit import PerClientLimit


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_flood_from_one_address_leaves_others_admitted() -> None:
    limit = PerClientLimit(burst=5, per_second=1, clock=Ticks())
    flood = [limit.admit("203.0.113.9") for _ in range(2000)]
    assert flood.count(True) == 5
    assert limit.admit("198.51.100.7")


def test_bucket_refills_with_time() -> None:
    ticks = Ticks()
    limit = PerClientLimit(burst=2, per_second=0.5, clock=ticks)
    assert [limit.admit("a") for _ in range(3)] == [True, True, False]
    ticks.now = 2.0
    assert [limit.admit("a") for _ in range(2)] == [True, False]


def test_memory_is_bounded_by_forgetting_the_longest_unseen() -> None:
    limit = PerClientLimit(burst=1, per_second=0.001, max_clients=3, clock=Ticks())
    assert limit.admit("old")
    for name in ("b", "c", "d"):
        assert limit.admit(name)
    assert len(limit._buckets) == 3
    assert limit.admit("old")  # forgotten, so it starts again with a full bucket
    assert not limit.admit("d")
