"""The suite's only upper bound on time: a hang guard.

Speed is measured by the benchmarks in bench/, never asserted in a test. A guard only catches work that
in practice never ends (a regex backtracking exponentially on junk, a wait that should not happen at
all), so its limit is far above what a loaded machine needs, and a wait it must tell apart is longer
still.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

HANG_SECONDS = 20.0


@contextmanager
def no_hang(what: str) -> Iterator[None]:
    started = time.monotonic()
    yield
    elapsed = time.monotonic() - started
    assert elapsed < HANG_SECONDS, f"{what} took {elapsed:.1f} s: it hangs or waits where it must not"
