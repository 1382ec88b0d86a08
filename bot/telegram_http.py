"""The Bot API's HTTP client, which registers the names in every answer before PTB can log them."""

from __future__ import annotations

import contextlib
import json
from typing import Any

from telegram.request import HTTPXRequest

from bot.log_secrets import keep_names_out_of_logs


class NameScrubbingRequest(HTTPXRequest):
    """PTB logs each answer (updates with people's names among them) at DEBUG once it is parsed:
    registering the names here, as the bytes arrive, lets the log formatter scrub them by value."""

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        code, payload = await super().do_request(*args, **kwargs)
        with contextlib.suppress(ValueError):  # not JSON: PTB reports that itself
            keep_names_out_of_logs(json.loads(payload))
        return code, payload
