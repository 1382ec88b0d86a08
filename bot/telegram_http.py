"""The Bot API's HTTP client, which registers the names in every answer before PTB can log them."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from typing import Any

from telegram.request import HTTPXRequest

from bot.log_secrets import keep_names_out_of_logs


class NameScrubbingRequest(HTTPXRequest):
    """PTB logs each answer (updates with people's names among them) at DEBUG once it is parsed:
    registering the names here, as the bytes arrive, lets the log formatter scrub them by value."""

    def __init__(self, *args: Any, on_error: Callable[[], None] = lambda: None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._on_error = on_error

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        try:
            code, payload = await super().do_request(*args, **kwargs)
        except Exception:  # the network failed or timed out: counted for /health, then PTB's to handle
            self._on_error()
            raise
        # A person who blocked the bot (403) is no fault of the service; any other failure is.
        if code >= 400 and code != 403:
            self._on_error()
        with contextlib.suppress(ValueError):  # not JSON: PTB reports that itself
            keep_names_out_of_logs(json.loads(payload))
        return code, payload
