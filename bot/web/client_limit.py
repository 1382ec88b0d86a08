"""A token bucket per client address, so one address's flood is refused without touching anyone else."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

MAX_CLIENTS = 10_000


class PerClientLimit:
    """Each address may make `burst` requests at once, then `per_second` on average.

    Memory is bounded: past `max_clients` addresses the longest-unseen one is forgotten (it comes back
    with a full bucket, which only favours someone who has been quiet).
    """

    def __init__(
        self,
        *,
        burst: float,
        per_second: float,
        max_clients: int = MAX_CLIENTS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._burst = burst
        self._per_second = per_second
        self._max_clients = max_clients
        self._clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def admit(self, client: str) -> bool:
        """Take one token for `client`; False (and nothing taken) when its bucket is empty."""
        now = self._clock()
        tokens, stamp = self._buckets.pop(client, (self._burst, now))
        tokens = min(self._burst, tokens + (now - stamp) * self._per_second)
        admitted = tokens >= 1
        self._buckets[client] = (tokens - 1 if admitted else tokens, now)
        while len(self._buckets) > self._max_clients:
            self._buckets.popitem(last=False)
        return admitted
