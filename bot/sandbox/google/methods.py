"""The Gmail methods the fake serves: getProfile, messages.list/get/send, threads.get, history.list,
watch and stop."""

from __future__ import annotations

import json
import re
import zlib
from typing import Any

from bot.sandbox.google import errors
from bot.sandbox.google import scopes as sc
from bot.sandbox.google.accounts import store_sent
from bot.sandbox.google.gmail import CallContext, MethodSpec
from bot.sandbox.google.mime import decode_base64url
from bot.sandbox.google.query import QuerySyntaxError
from bot.sandbox.google.render import Format, render
from bot.sandbox.google.search import search

_ID = re.compile(r"^[0-9a-f]{1,16}$")
MAX_RESULTS = 500


def get_profile(ctx: CallContext) -> dict[str, Any]:
    mailbox = ctx.account.mailbox
    return {
        "emailAddress": ctx.account.email,
        "messagesTotal": len(mailbox.messages),
        "threadsTotal": mailbox.threads_total,
        "historyId": str(mailbox.history_id),
    }


def list_messages(ctx: CallContext) -> dict[str, Any]:
    q = ctx.param("q") or ""
    if q and sc.is_metadata_only(ctx.scopes):
        raise errors.forbidden("Metadata scope does not support 'q' parameter")
    include = (ctx.param("includeSpamTrash") or "false").lower() == "true"
    labels = ctx.repeated("labelIds")
    try:
        found = search(
            ctx.account.mailbox, q, label_ids=labels, include_spam_trash=include, now_ms=ctx.now_ms
        )
    except QuerySyntaxError as error:
        raise errors.bad_request(f"Invalid query: {error}", reason="badRequest") from error
    key = json.dumps([q, labels, include])
    start, size = _page(ctx, key)
    messages = ctx.account.mailbox.messages
    body: dict[str, Any] = {"resultSizeEstimate": len(found)}
    page = found[start : start + size]
    if page:
        body["messages"] = [{"id": messages[s].id, "threadId": messages[s].thread_id} for s in page]
    if start + size < len(found):
        body["nextPageToken"] = _page_token(key, start + size)
    return body


def _page(ctx: CallContext, key: str) -> tuple[int, int]:
    raw_size = ctx.param("maxResults") or "100"
    if not raw_size.isdigit():
        raise errors.bad_request(f"Invalid value '{raw_size}' for maxResults")
    size = min(max(int(raw_size), 1), MAX_RESULTS)  # Gmail caps maxResults at 500
    token = ctx.param("pageToken")
    if not token:
        return 0, size
    if len(token) != 20 or not token.isdigit() or int(token[:10]) != zlib.crc32(key.encode()):
        raise errors.bad_request("Invalid pageToken")
    return int(token[10:]), size


def _page_token(key: str, offset: int) -> str:
    return f"{zlib.crc32(key.encode()):010d}{offset:010d}"


def _format(ctx: CallContext, default: Format) -> Format:
    value = (ctx.param("format") or default).lower()
    try:
        fmt = Format(value)
    except ValueError as error:
        raise errors.bad_request(f"Invalid value at 'format' ({value})") from error
    if fmt in (Format.FULL, Format.RAW) and sc.is_metadata_only(ctx.scopes):
        raise errors.forbidden(f"Metadata scope doesn't allow format {fmt.upper()}")
    return fmt


def get_message(ctx: CallContext) -> dict[str, Any]:
    fmt = _format(ctx, Format.FULL)
    message_id = ctx.path_args[0]
    if not _ID.match(message_id):
        raise errors.bad_request("Invalid id value")
    message = ctx.account.mailbox.get(message_id)
    if message is None:
        raise errors.not_found()
    return render(message, fmt, ctx.repeated("metadataHeaders"), pad=ctx.pad_base64)


def get_thread(ctx: CallContext) -> dict[str, Any]:
    fmt = _format(ctx, Format.FULL)
    if fmt is Format.RAW:
        raise errors.bad_request("Invalid value at 'format' (raw)")
    thread = ctx.account.mailbox.thread(ctx.path_args[0])
    if not thread:
        raise errors.not_found()
    headers = ctx.repeated("metadataHeaders")
    return {
        "id": ctx.path_args[0],
        "historyId": str(max(m.history_id for m in thread)),
        "messages": [render(m, fmt, headers, pad=ctx.pad_base64) for m in thread],
    }


def send_message(ctx: CallContext) -> dict[str, Any]:
    try:
        body = json.loads(ctx.body or b"{}")
    except json.JSONDecodeError as error:
        raise errors.bad_request("Invalid JSON payload received.") from error
    if not isinstance(body, dict) or not body.get("raw"):
        raise errors.bad_request(
            "'raw' RFC822 payload message string or uploading message via /upload/* URL required"
        )
    try:
        raw = decode_base64url(str(body["raw"]))
    except ValueError as error:
        raise errors.bad_request("Invalid value for ByteString: raw") from error
    thread_id = body.get("threadId")
    message = store_sent(ctx.account, raw, str(thread_id) if thread_id else None, ctx.now_ms)
    return {"id": message.id, "threadId": message.thread_id, "labelIds": sorted(message.labels)}


def list_history(ctx: CallContext) -> dict[str, Any]:
    mailbox = ctx.account.mailbox
    raw_start = ctx.param("startHistoryId")
    if not raw_start or not raw_start.isdigit():
        raise errors.bad_request("Invalid startHistoryId")
    start = int(raw_start)
    if start < mailbox.history_floor:
        raise errors.not_found()
    types = ctx.repeated("historyTypes")
    label = ctx.param("labelId")
    records = [] if types and "messageAdded" not in types else mailbox.history_since(start)
    if label:
        records = [(h, s) for h, s in records if label in mailbox.messages[s].labels]
    key = f"history:{start}:{label}:{types}"
    offset, size = _page(ctx, key)
    body: dict[str, Any] = {"historyId": str(mailbox.history_id)}
    page = records[offset : offset + size]
    if page:
        body["history"] = [_history_record(ctx, h, s) for h, s in page]
    if offset + size < len(records):
        body["nextPageToken"] = _page_token(key, offset + size)
    return body


# users.watch: "you must re-call watch at least every 7 days" (Gmail's push guide).
WATCH_DAYS = 7
_TOPIC = re.compile(r"^projects/[^/]+/topics/[^/]+$")


def watch(ctx: CallContext) -> dict[str, Any]:
    try:
        body = json.loads(ctx.body or b"{}")
    except json.JSONDecodeError as error:
        raise errors.bad_request("Invalid JSON payload received.") from error
    topic = body.get("topicName") if isinstance(body, dict) else None
    if not isinstance(topic, str) or not _TOPIC.match(topic):
        raise errors.bad_request("Invalid topicName does not match projects/*/topics/*")
    account = ctx.account
    account.watch_topic = topic
    account.watch_expires_ms = ctx.now_ms + WATCH_DAYS * 86_400_000
    account.watch_calls += 1
    return {"historyId": str(account.mailbox.history_id), "expiration": str(account.watch_expires_ms)}


def stop(ctx: CallContext) -> dict[str, Any]:
    ctx.account.watch_topic = None
    ctx.account.watch_expires_ms = 0
    ctx.account.stop_calls += 1
    return {}


def _history_record(ctx: CallContext, history_id: int, seq: int) -> dict[str, Any]:
    message = ctx.account.mailbox.messages[seq]
    ref = {"id": message.id, "threadId": message.thread_id}
    added = ref | {"labelIds": sorted(message.labels)}
    return {"id": str(history_id), "messages": [ref], "messagesAdded": [{"message": added}]}


def _spec(name: str, verb: str, pattern: str, scopes: frozenset[str], handler: Any) -> MethodSpec:
    return MethodSpec(name, verb, re.compile(f"^([^/]+)/{pattern}$"), scopes, handler)


METHODS = (
    _spec("getProfile", "GET", "profile", sc.PROFILE_SCOPES, get_profile),
    _spec("messages.send", "POST", "messages/send", sc.SEND_SCOPES, send_message),
    _spec("messages.list", "GET", "messages", sc.LIST_SCOPES, list_messages),
    _spec("messages.get", "GET", "messages/([^/]+)", sc.GET_SCOPES, get_message),
    _spec("threads.get", "GET", "threads/([^/]+)", sc.THREAD_SCOPES, get_thread),
    _spec("history.list", "GET", "history", sc.HISTORY_SCOPES, list_history),
    _spec("watch", "POST", "watch", sc.HISTORY_SCOPES, watch),
    _spec("stop", "POST", "stop", sc.HISTORY_SCOPES, stop),
)
