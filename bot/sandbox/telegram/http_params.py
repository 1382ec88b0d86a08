"""Reads a Bot API request's parameters from the query string and a JSON, form or multipart body."""

from __future__ import annotations

import email.parser
import email.policy
import json
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request

from bot.sandbox.telegram.errors import bad_request
from bot.sandbox.telegram.message_methods import UploadedFile
from bot.sandbox.telegram.validation import decode_form_value


async def read_params(request: Request) -> dict[str, Any]:
    params: dict[str, Any] = {
        name: decode_form_value(name, value) for name, value in request.query_params.multi_items()
    }
    body = await request.body()
    content_type = request.headers.get("content-type", "")
    if not body:
        return params
    if content_type.startswith("application/json"):
        try:
            decoded = json.loads(body)
        except ValueError:
            raise bad_request("can't parse JSON object") from None
        if not isinstance(decoded, dict):
            raise bad_request("can't parse JSON object")
        return {**params, **decoded}
    if content_type.startswith("multipart/form-data"):
        return {**params, **_read_multipart(content_type, body)}
    pairs = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
    return {**params, **{name: decode_form_value(name, value) for name, value in pairs}}


def _read_multipart(content_type: str, body: bytes) -> dict[str, Any]:
    # python-multipart is not a dependency; the stdlib MIME parser reads form-data just as well.
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    params: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True)
        content = payload if isinstance(payload, bytes) else b""
        filename = part.get_filename()
        if filename is not None:
            params[name] = UploadedFile(filename, part.get_content_type(), content)
        else:
            params[name] = decode_form_value(name, content.decode(part.get_content_charset() or "utf-8"))
    return params
