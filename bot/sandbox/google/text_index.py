"""Word indexes over headers and bodies, built on first use and extended as mail arrives (append-only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from bot.sandbox.google.addresses import address_words, decode_words, host_suffixes, parse_addresses, words
from bot.sandbox.google.mailbox import Mailbox, Message

_EMPTY: frozenset[int] = frozenset()


@lru_cache(maxsize=65536)
def _text_words(text: str) -> frozenset[str]:
    return frozenset(words(decode_words(text)))


def _field_words(message: Message, field: str) -> frozenset[str]:
    if field == "from":
        return address_words(message.sender)
    if field == "to":
        return address_words(message.recipients)
    if field == "subject":
        return _text_words(message.subject)
    return (
        _text_words(message.subject)
        | address_words(message.sender)
        | address_words(message.recipients)
        | _text_words(message.body)
    )


def _field_text(message: Message, field: str) -> str:
    if field in ("from", "to"):
        header = message.sender if field == "from" else message.recipients
        return " ".join(f"{a.name} {a.address}" for a in parse_addresses(header))
    if field == "subject":
        return decode_words(message.subject)
    return " ".join((decode_words(message.subject), message.sender, message.recipients, message.body))


@dataclass(slots=True)
class _WordIndex:
    upto: int = 0
    words: dict[str, set[int]] = field(default_factory=dict)
    addresses: dict[str, set[int]] = field(default_factory=dict)  # `to:` addresses and domains


def _index(mailbox: Mailbox, name: str) -> _WordIndex:
    """Return the field's index after indexing the messages added since it was last used."""
    index: _WordIndex = mailbox.cache.setdefault(f"words:{name}", _WordIndex())
    messages = mailbox.messages
    for message in messages[index.upto :]:
        for word in _field_words(message, name):
            index.words.setdefault(word, set()).add(message.seq)
        if name == "to":
            for address in parse_addresses(message.recipients):
                for key in (address.address, *host_suffixes(address.host)):
                    index.addresses.setdefault(key, set()).add(message.seq)
    index.upto = len(messages)
    return index


def select(mailbox: Mailbox, field: str, value: str, *, phrase: bool) -> set[int]:
    """Match `value` as words of a field ("from", "to", "subject" or "text" for anywhere)."""
    index = _index(mailbox, field)
    lowered = value.lower().lstrip("@")
    if field == "to" and not phrase and ("@" in value or "." in value):
        return set(index.addresses.get(lowered, _EMPTY))
    wanted = words(value)
    if not wanted:
        return set()
    sets = sorted((index.words.get(w, _EMPTY) for w in wanted), key=len)
    found = set(sets[0]).intersection(*sets[1:])
    if len(wanted) > 1:
        needle = " ".join(wanted)
        messages = mailbox.messages
        found = {s for s in found if needle in " ".join(words(_field_text(messages[s], field)))}
    return found
