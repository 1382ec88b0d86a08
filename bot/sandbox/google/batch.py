"""The batch wire format: multipart/mixed of application/http parts in, the same shape out."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from email import policy
from email.parser import BytesParser
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

from bot.sandbox.google.gmail import ApiRequest, ApiResponse

MAX_PARTS = 100


class BatchFormatError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class BatchPart:
    content_id: str | None
    request: ApiRequest


def parse_batch(content_type: str, body: bytes, outer_authorization: str | None) -> list[BatchPart]:
    """Split a batch body as BatchHttpRequest writes it (LF or CRLF line ends both accepted)."""
    envelope = BytesParser(policy=policy.compat32).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    )
    if not envelope.is_multipart():
        raise BatchFormatError("a batch must be multipart/mixed")
    parts = []
    for part in envelope.get_payload():
        assert not isinstance(part, str)
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            raise BatchFormatError("a batch part must be application/http")
        parts.append(BatchPart(part.get("Content-ID"), _inner_request(payload, outer_authorization)))
    return parts


def _inner_request(payload: bytes, outer_authorization: str | None) -> ApiRequest:
    normalised = payload.replace(b"\r\n", b"\n")
    head, _, body = normalised.partition(b"\n\n")
    request_line, *header_lines = head.decode("latin-1").split("\n")
    try:
        method, target, _version = request_line.split(" ", 2)
    except ValueError as error:
        raise BatchFormatError(f"bad request line {request_line!r}") from error
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = headers.get("content-length")
    if length is not None and length.isdigit():
        body = body[: int(length)]
    url = urlsplit(target)
    return ApiRequest(
        method=method.upper(),
        path=url.path,
        params=parse_qs(url.query, keep_blank_values=True),
        authorization=headers.get("authorization", outer_authorization),
        body=body,
    )


def format_batch(answers: list[tuple[str | None, ApiResponse]]) -> tuple[str, bytes]:
    """Return (content type, body) of the multipart/mixed answer; part ids become `response-<id>`."""
    boundary = "batch_" + secrets.token_urlsafe(18)
    lines: list[str] = []
    for content_id, response in answers:
        payload = json.dumps(response.body)
        lines += [f"--{boundary}", "Content-Type: application/http"]
        if content_id:
            lines.append(f"Content-ID: <response-{content_id.strip().strip('<>')}>")
        lines += ["", f"HTTP/1.1 {response.status} {HTTPStatus(response.status).phrase}"]
        lines.append("Content-Type: application/json; charset=UTF-8")
        lines += [f"{name}: {value}" for name, value in response.headers]
        lines += [f"Content-Length: {len(payload.encode())}", "", payload]
    lines += [f"--{boundary}--", ""]
    return f"multipart/mixed; boundary={boundary}", "\r\n".join(lines).encode()
