"""`POST /telegram`: updates pushed by Telegram in webhook mode, checked against the secret token."""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import Update
from telegram.ext import Application

from bot.log_secrets import keep_names_out_of_logs

log = logging.getLogger(__name__)

MAX_UPDATE_BYTES = 1_000_000  # the web server's body limit for this route
PATH = "/telegram"


def webhook_route(
    application: Application[Any, Any, Any, Any, Any, Any], secret: str, taking: Callable[[], bool]
) -> Route:
    """The route; while `taking()` is false (shutting down) updates are refused with 503, which Telegram
    (or the load balancer, to another instance) sends again, instead of taken into a queue that stops."""

    async def telegram_webhook(request: Request) -> Response:
        # Telegram sends the secret given to setWebhook in this header; anything else is not Telegram.
        sent = request.headers.get("x-telegram-bot-api-secret-token", "")
        if not hmac.compare_digest(sent.encode(), secret.encode()):
            return Response(status_code=403)
        if not taking():
            return Response(status_code=503, headers={"Retry-After": "1"})
        # The body is read only now, after the secret check; BodyLimit stops it at MAX_UPDATE_BYTES.
        try:
            data = json.loads(await request.body())
            if not isinstance(data, dict):
                raise TypeError("an update is a JSON object")
            keep_names_out_of_logs(data)
            update = Update.de_json(data, application.bot)
        except (ValueError, TypeError, KeyError, AttributeError):
            log.warning("malformed webhook update")
            return Response(status_code=400)
        await application.update_queue.put(update)
        return Response(status_code=200)

    return Route(PATH, telegram_webhook, methods=["POST"])
