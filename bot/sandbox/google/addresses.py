"""Reading addresses out of header values: decoded display names, addresses, hosts and search words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.header import decode_header, make_header
from email.utils import getaddresses
from functools import lru_cache

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Address:
    name: str
    address: str
    host: str


def decode_words(value: str) -> str:
    """Decode RFC 2047 encoded-words (`=?UTF-8?B?...?=`), leaving malformed input as it was."""
    if "=?" not in value:
        return value
    try:
        return str(make_header(decode_header(value)))
    except (ValueError, LookupError, UnicodeDecodeError):
        return value


@lru_cache(maxsize=65536)
def parse_addresses(value: str) -> tuple[Address, ...]:
    found = []
    for name, address in getaddresses([value]):
        address = address.strip().lower()
        host = address.rpartition("@")[2] if "@" in address else ""
        found.append(Address(decode_words(name).strip(), address, host))
    return tuple(found)


def first_address(value: str) -> Address:
    parsed = parse_addresses(value)
    return parsed[0] if parsed else Address("", "", "")


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


@lru_cache(maxsize=65536)
def address_words(value: str) -> frozenset[str]:
    """Words Gmail's `from:`/`to:` match: display-name words and the pieces of each address."""
    found: set[str] = set()
    for address in parse_addresses(value):
        found.update(words(address.name))
        found.update(words(address.address))
    return frozenset(found)


def host_suffixes(host: str) -> list[str]:
    """Return `mail.spokeo.com`, `spokeo.com`, `com`: the domains a `from:` term matches this host by."""
    labels = host.split(".")
    return [".".join(labels[i:]) for i in range(len(labels))]
