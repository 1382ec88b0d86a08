"""One Gmail account's store: messages, threads, labels, history ids, and the indexes searches use."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bot.sandbox.google.addresses import first_address, host_suffixes

SPAM_AND_TRASH = ("SPAM", "TRASH")


@dataclass(frozen=True, slots=True)
class Message:
    """A stored message. `raw` is kept only for mail that arrived as MIME (sent or delivered)."""

    seq: int
    id: str
    thread_id: str
    sender: str
    recipients: str
    subject: str
    date_ms: int
    rfc822_id: str
    labels: frozenset[str]
    history_id: int
    body: str
    in_reply_to: str | None = None
    extra: tuple[tuple[str, str], ...] = ()
    raw: bytes | None = None


def gmail_id(date_ms: int, seq: int) -> str:
    """Make a 16-hex-digit id that sorts by time, like Gmail's."""
    return f"{date_ms & 0xFFFFFFFFFFF:011x}{seq & 0xFFFFF:05x}"


def normalise_msgid(value: str) -> str:
    """Return `<id>` lower-cased; the same object when it already is (saves a string per message)."""
    canonical = "<" + value.strip().strip("<>").strip().lower() + ">"
    return value if canonical == value else canonical


class Mailbox:
    def __init__(self, owner: str = "user@gmail.com") -> None:
        self.owner = owner.lower()
        self.messages: list[Message] = []
        self.history_id = 1000
        self.history_floor = 0
        self.version = 0
        self.cache: dict[str, Any] = {}
        self._by_id: dict[str, Message] = {}
        self._threads: dict[str, list[int]] = {}
        self._labels: dict[str, set[int]] = {}
        self._from_address: dict[str, set[int]] = {}
        self._from_host: dict[str, set[int]] = {}
        self._suffix_hosts: dict[str, set[str]] = {}
        self._rfc822: dict[str, tuple[int, ...]] = {}
        self.index_lag_ms = 0  # how long after filing a message the rfc822msgid: search finds it
        self._history: list[tuple[int, int]] = []
        self._chronological = True
        self._label_sets: dict[frozenset[str], frozenset[str]] = {}

    def add(
        self,
        *,
        sender: str,
        recipients: str,
        subject: str,
        date_ms: int,
        body: str,
        labels: Iterable[str],
        rfc822_id: str | None = None,
        thread_id: str | None = None,
        in_reply_to: str | None = None,
        extra: tuple[tuple[str, str], ...] = (),
        raw: bytes | None = None,
        record_history: bool = True,
    ) -> Message:
        seq = len(self.messages)
        message_id = gmail_id(date_ms, seq)
        if thread_id is None or thread_id not in self._threads:
            thread_id = message_id
        self.history_id += 1 + seq % 3
        message = Message(
            seq=seq,
            id=message_id,
            thread_id=thread_id,
            sender=sender,
            recipients=recipients,
            subject=subject,
            date_ms=date_ms,
            rfc822_id=rfc822_id or f"<{message_id}.fake@mail.gmail.com>",
            labels=self._label_sets.setdefault(frozenset(labels), frozenset(labels)),
            history_id=self.history_id,
            body=body,
            in_reply_to=in_reply_to,
            extra=extra,
            raw=raw,
        )
        self._index(message)
        if record_history:
            self._history.append((message.history_id, seq))
        return message

    def _index(self, message: Message) -> None:
        seq = message.seq
        if self.messages and message.date_ms < self.messages[-1].date_ms:
            self._chronological = False
        self.messages.append(message)
        self._by_id[message.id] = message
        self._threads.setdefault(message.thread_id, []).append(seq)
        for label in message.labels:
            self._labels.setdefault(label, set()).add(seq)
        sender = first_address(message.sender)
        self._from_address.setdefault(sender.address, set()).add(seq)
        if sender.host not in self._from_host:
            for suffix in host_suffixes(sender.host):
                self._suffix_hosts.setdefault(suffix, set()).add(sender.host)
        self._from_host.setdefault(sender.host, set()).add(seq)
        key = normalise_msgid(message.rfc822_id)
        self._rfc822[key] = (*self._rfc822.get(key, ()), seq)
        self.version += 1

    def get(self, message_id: str) -> Message | None:
        return self._by_id.get(message_id)

    def thread(self, thread_id: str) -> list[Message]:
        seqs = self._threads.get(thread_id, [])
        return sorted((self.messages[s] for s in seqs), key=lambda m: (m.date_ms, m.seq))

    def find_rfc822(self, message_id: str) -> Message | None:
        seqs = self._rfc822.get(normalise_msgid(message_id))
        return self.messages[seqs[0]] if seqs else None

    @property
    def is_chronological(self) -> bool:
        return self._chronological

    @property
    def threads_total(self) -> int:
        return len(self._threads)

    def with_label(self, label: str) -> set[int]:
        return self._labels.get(label, set())

    def labels(self) -> list[str]:
        return list(self._labels)

    def from_address(self, address: str) -> set[int]:
        return self._from_address.get(address.lower(), set())

    def from_domain(self, domain: str) -> set[int]:
        """Messages whose sender's host is `domain` or one of its subdomains."""
        hosts = self._suffix_hosts.get(domain.lower().lstrip("@."), ())
        if len(hosts) == 1:
            return self._from_host[next(iter(hosts))]
        return set().union(*(self._from_host[h] for h in hosts))

    def with_rfc822_id(self, message_id: str) -> set[int]:
        return set(self._rfc822.get(normalise_msgid(message_id), ()))

    def date_order(self) -> tuple[list[int], list[int]]:
        """Return (dates ascending, seqs in that order) for range searches."""
        cached = self.cache.get("date_order")
        if cached is None or cached[0] != self.version:
            if self._chronological:
                seqs = list(range(len(self.messages)))
            else:
                seqs = sorted(range(len(self.messages)), key=lambda s: (self.messages[s].date_ms, s))
            cached = (self.version, [self.messages[s].date_ms for s in seqs], seqs)
            self.cache["date_order"] = cached
        return cached[1], cached[2]

    def history_since(self, start: int) -> list[tuple[int, int]]:
        index = bisect.bisect_right(self._history, (start, len(self.messages)))
        return self._history[index:]

    def expire_history(self) -> None:
        """Forget all history so far: any start id issued before now answers 404."""
        self.history_id += 1000
        self.history_floor = self.history_id
        self._history.clear()
