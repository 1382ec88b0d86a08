"""Run a parsed Gmail query against a Mailbox through its indexes, newest message first."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.sandbox.google import text_index
from bot.sandbox.google.mailbox import SPAM_AND_TRASH, Mailbox, Message
from bot.sandbox.google.query import And, Node, Not, Or, QuerySyntaxError, Term, parse_query

DAY_MS = 86_400_000
_PACIFIC = ZoneInfo("America/Los_Angeles")
_RELATIVE = re.compile(r"^(\d+)([dmy])$")
_UNIT_MS = {"d": DAY_MS, "m": 30 * DAY_MS, "y": 365 * DAY_MS}
_IN_LABELS = {"inbox": "INBOX", "sent": "SENT", "spam": "SPAM", "trash": "TRASH", "draft": "DRAFT",
              "starred": "STARRED", "important": "IMPORTANT", "chats": "CHAT"}  # fmt: skip
_IS_LABELS = {"unread": "UNREAD", "starred": "STARRED", "important": "IMPORTANT"}
_CACHE_SIZE = 8


def search(
    mailbox: Mailbox, q: str, *, label_ids: Sequence[str] = (), include_spam_trash: bool = False, now_ms: int
) -> list[int]:
    """Return the seqs of matching messages, newest first (cached while the mailbox is unchanged)."""
    # With a search index lag, what is found changes by the millisecond, not by the minute.
    moment = now_ms if mailbox.index_lag_ms else now_ms // 60_000
    key = (q, tuple(label_ids), include_spam_trash, moment, mailbox.version)
    cache: dict[tuple[object, ...], list[int]] = mailbox.cache.setdefault("searches", {})
    if key not in cache:
        if len(cache) >= _CACHE_SIZE:
            cache.pop(next(iter(cache)))
        cache[key] = _run(mailbox, q, label_ids, include_spam_trash, now_ms)
    return cache[key]


def _run(
    mailbox: Mailbox, q: str, label_ids: Sequence[str], include_spam_trash: bool, now_ms: int
) -> list[int]:
    tree = parse_query(q)
    evaluator = _Evaluator(mailbox, now_ms)
    nodes: list[Node] = [Term("label", label) for label in label_ids]
    if tree is not None:
        nodes.append(tree)
    found = evaluator.select(And(tuple(nodes))) if nodes else set(evaluator.universe())
    asked = any(label in SPAM_AND_TRASH for label in label_ids) or _reaches_spam_or_trash(tree)
    if not include_spam_trash and not asked:
        for label in SPAM_AND_TRASH:
            found -= mailbox.with_label(label)
    if mailbox.is_chronological:
        return sorted(found, reverse=True)
    messages = mailbox.messages
    return sorted(found, key=lambda s: (messages[s].date_ms, s), reverse=True)


def _reaches_spam_or_trash(tree: Node | None) -> bool:
    if isinstance(tree, Term):
        return tree.field in ("in", "label") and tree.value.lower() in ("anywhere", "spam", "trash")
    if isinstance(tree, Not):
        return False
    if isinstance(tree, And | Or):
        return any(_reaches_spam_or_trash(child) for child in tree.children)
    return False


class _Evaluator:
    def __init__(self, mailbox: Mailbox, now_ms: int) -> None:
        self.mailbox = mailbox
        self.now_ms = now_ms

    def universe(self) -> range:
        return range(len(self.mailbox.messages))

    def select(self, node: Node) -> set[int]:
        """Return a fresh set the caller may change."""
        if isinstance(node, Term):
            return set(self.term(node))
        if isinstance(node, Or):
            return set().union(*(self.select(child) for child in node.children))
        if isinstance(node, Not):
            return set(self.universe()).difference(self.select(node.child))
        return self.conjunction(node.children)

    def conjunction(self, children: Iterable[Node]) -> set[int]:
        negatives = [c.child for c in children if isinstance(c, Not)]
        positives = [c for c in children if not isinstance(c, Not)]
        filters = [f for c in positives if (f := self.date_filter(c)) is not None]
        indexed = [c for c in positives if self.date_filter(c) is None]
        if indexed:
            sets = sorted((self.select(c) for c in indexed), key=len)
            found = sets[0].intersection(*sets[1:])
            messages = self.mailbox.messages
            found = {s for s in found if all(f(messages[s]) for f in filters)}
        else:
            found = set(self.universe())
            for child in positives:
                found &= self.select(child)
        for negative in negatives:
            found -= self.select(negative)
        return found

    def date_filter(self, node: Node) -> Callable[[Message], bool] | None:
        if not isinstance(node, Term) or node.field not in ("after", "before", "newer_than", "older_than"):
            return None
        low, high = self.date_bounds(node)
        return lambda m: low <= m.date_ms < high

    def date_bounds(self, term: Term) -> tuple[float, float]:
        if term.field in ("after", "before"):
            edge: float = _parse_date_ms(term.value)
        else:
            match = _RELATIVE.match(term.value.lower())
            if match is None:
                raise QuerySyntaxError(f"bad {term.field} value {term.value!r}")
            edge = self.now_ms - int(match[1]) * _UNIT_MS[match[2]]
        after = term.field in ("after", "newer_than")
        return (edge, float("inf")) if after else (float("-inf"), edge)

    def term(self, term: Term) -> Iterable[int]:
        field, value = term.field, term.value
        if field in ("after", "before", "newer_than", "older_than"):
            low, high = self.date_bounds(term)
            dates, seqs = self.mailbox.date_order()
            return seqs[bisect.bisect_left(dates, low) : bisect.bisect_left(dates, high)]
        if field == "rfc822msgid":
            # Gmail's search index shows a message a little after it was filed.
            indexed = self.now_ms - self.mailbox.index_lag_ms
            messages = self.mailbox.messages
            return {s for s in self.mailbox.with_rfc822_id(value) if messages[s].date_ms <= indexed}
        if field in ("in", "label", "is"):
            return self.labelled(field, value.lower())
        if field == "from" and not term.phrase and ("@" in value or "." in value):
            return self.from_address_or_domain(value.lower())
        return text_index.select(self.mailbox, field, value, phrase=term.phrase)

    def labelled(self, field: str, value: str) -> Iterable[int]:
        if field == "in" and value == "anywhere":
            return self.universe()
        if field == "is" and value == "read":
            return set(self.universe()).difference(self.mailbox.with_label("UNREAD"))
        label = (_IS_LABELS if field == "is" else _IN_LABELS).get(value)
        if label is None:
            label = next((name for name in self.mailbox.labels() if name.lower() == value), value)
        return self.mailbox.with_label(label)

    def from_address_or_domain(self, value: str) -> Iterable[int]:
        local, at, domain = value.rpartition("@")
        if at and local:
            return self.mailbox.from_address(value)
        return self.mailbox.from_domain(domain if at else value)


def _parse_date_ms(value: str) -> int:
    if value.isdigit():
        return int(value) * 1000
    parts = re.split(r"[/-]", value)
    try:
        year, month, day = (int(p) for p in parts)
        # Gmail reads a date in `q` as midnight US Pacific (filtering guide).
        return int(datetime(year, month, day, tzinfo=_PACIFIC).timestamp() * 1000)
    except ValueError as error:
        raise QuerySyntaxError(f"bad date {value!r}") from error
