"""Values that must never reach a log line, in any format: registered as the bot learns them.

A pattern finds `code=...` but not `{'code': '...'}` (as oauthlib logs it) nor a name. So every
secret and personal value is registered here when the bot first holds it (the OAuth code, PKCE
verifier, state and tokens, e-mail addresses, people's names), and the log formatter replaces each
occurrence, whatever surrounds it. The set is process-wide, as logging is, and bounded.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict

MIN_LENGTH = 3  # shorter values would blank out ordinary words
MAX_VALUES = 20_000
REDACTED = "<redacted>"


class SensitiveValues:
    def __init__(self, max_values: int = MAX_VALUES) -> None:
        self._values: OrderedDict[str, None] = OrderedDict()
        self._max_values = max_values
        self._pattern: re.Pattern[str] | None = None
        self._lock = threading.Lock()  # the OAuth exchange registers from a worker thread

    def add(self, *values: str | None) -> None:
        with self._lock:
            for value in values:
                for form in {value, value.lower()} if value else ():
                    if len(form.strip()) >= MIN_LENGTH and form not in self._values:
                        self._values[form] = None
                        self._pattern = None
            while len(self._values) > self._max_values:
                self._values.popitem(last=False)

    def scrub(self, text: str) -> str:
        pattern = self._compiled()
        return text if pattern is None else pattern.sub(REDACTED, text)

    def _compiled(self) -> re.Pattern[str] | None:
        with self._lock:
            if self._pattern is None and self._values:
                # Longest first, so a value containing another is replaced whole.
                ordered = sorted(self._values, key=len, reverse=True)
                self._pattern = re.compile("|".join(re.escape(v) for v in ordered))
            return self._pattern


SENSITIVE = SensitiveValues()


def keep_out_of_logs(*values: str | None) -> None:
    """Register values (a token, an address, a name) that no log line may contain from now on."""
    SENSITIVE.add(*values)


NAME_KEYS = frozenset({"first_name", "last_name", "username", "title"})


def keep_names_out_of_logs(data: object) -> None:
    """Register every name in a Bot API answer or update (a JSON value), wherever it is nested."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            keep_out_of_logs(*(v for k, v in value.items() if k in NAME_KEYS and isinstance(v, str)))
            stack.extend(v for v in value.values() if isinstance(v, dict | list))
        elif isinstance(value, list):
            stack.extend(v for v in value if isinstance(v, dict | list))
