"""Sender matching: parse a From/Reply-To header and find the catalog broker that sent the mail."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from email.errors import HeaderParseError
from email.headerregistry import Address, AddressHeader, HeaderRegistry
from functools import lru_cache
from typing import cast

from publicsuffixlist import PublicSuffixList

from brokers.catalog import Broker, Catalog
from brokers.freemail import FREEMAIL_BRANDS, FREEMAIL_DOMAINS

__all__ = [
    "FREEMAIL_DOMAINS",
    "SENDING_PROVIDERS",
    "Sender",
    "is_freemail",
    "is_sending_provider",
    "match_sender",
    "normalize_host",
    "parse_sender",
    "registrable_domain",
]

# Ticketing and bulk-mail services that send on behalf of many companies, so their registrable
# domain says nothing about who wrote: a tenant is recognised only through a broker's
# provider_hosts (spokeo.zendesk.com) or through Reply-To. Each entry appears in the provider's own
# documentation as a From or envelope domain (Mailchimp, Constant Contact, Intercom, OneTrust) or in
# the SPF include customers publish for it.
SENDING_PROVIDERS: frozenset[str] = frozenset(
    {
        "zendesk.com", "freshdesk.com", "zohodesk.com", "helpscoutemail.com", "intercom-mail.com",
        "mcsv.net", "mcdlv.net", "rsgsv.net", "mailchimpapp.net", "mandrillapp.com",
        "sendgrid.net", "amazonses.com", "mailgun.org", "sparkpostmail.com", "mtasv.net",
        "exacttarget.com", "salesforce.com", "hubspotemail.net", "mktomail.com", "ccsend.com",
        "createsend.com", "cmail19.com", "cmail20.com", "onetrust.com", "googlegroups.com",
    }
)  # fmt: skip

# Longer From headers are truncated: the stdlib parser is quadratic on some junk (10 kB of quotes
# takes seconds), and no real sender needs more than a few hundred characters.
_MAX_HEADER = 2048
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_IDN_DOTS = re.compile("[\u3002\uff0e\uff61]")
_ADJACENT_WORDS = re.compile(r"\?=\s+(?==\?)")
_FOLD = re.compile(r"\r?\n[ \t]*|\r")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_PARSE_ERRORS = (HeaderParseError, ValueError, IndexError, TypeError, AttributeError, RecursionError)
_REGISTRY = HeaderRegistry()


@dataclass(frozen=True, slots=True)
class Sender:
    """One mailbox from a header: address and host lower-cased (the host in ASCII), domain registrable."""

    address: str
    local_part: str
    host: str
    domain: str
    display_name: str = ""


@lru_cache(maxsize=1)
def _psl() -> PublicSuffixList:
    return PublicSuffixList()


@lru_cache(maxsize=65536)
def normalize_host(host: str) -> str | None:
    """Lower-case a host name and turn an IDN into its ASCII (punycode) form; None if not a DNS name."""
    host = _IDN_DOTS.sub(".", host.strip()).lower().removesuffix(".")
    if not host or len(host) > 253:
        return None
    try:
        labels = [_ascii_label(label) for label in host.split(".")]
    except UnicodeError:
        return None
    if len(labels) < 2 or labels[-1].isdigit() or not all(_LABEL.fullmatch(label) for label in labels):
        return None
    return ".".join(labels)


def _ascii_label(label: str) -> str:
    if label.isascii():
        return label
    # UTS 46 non-transitional mapping, as browsers and registries apply it: unlike the stdlib "idna"
    # codec (IDNA 2003) it keeps ß, so straße.de becomes xn--strae-oqa.de and never strasse.de.
    label = unicodedata.normalize("NFKC", label).lower()
    return label if label.isascii() else "xn--" + label.encode("punycode").decode("ascii")


@lru_cache(maxsize=65536)
def registrable_domain(host: str) -> str | None:
    """The domain a company registered (mail.spokeo.com -> spokeo.com), by the Public Suffix List."""
    ascii_host = normalize_host(host)
    if ascii_host is None:
        return None
    domain: str | None = _psl().privatesuffix(ascii_host)
    return domain


def is_freemail(domain: str) -> bool:
    """True for a consumer mailbox or relay domain (or any host under one)."""
    host = normalize_host(domain)
    if host is None:
        return False
    labels = host.split(".")
    if any(".".join(labels[i:]) in FREEMAIL_DOMAINS for i in range(len(labels) - 1)):
        return True
    registrable = registrable_domain(host)
    return registrable is not None and registrable.split(".", 1)[0] in FREEMAIL_BRANDS


def is_sending_provider(domain: str) -> bool:
    return registrable_domain(domain) in SENDING_PROVIDERS


def parse_sender(raw_header: str) -> Sender | None:
    """The first valid mailbox in a From or Reply-To header, or None; never raises.

    Several addresses (RFC 5322 allows a mailbox-list in From) yield the first one that has a local
    part and a host under a registrable domain; groups, empty and IP-literal addresses are skipped.
    Encoded words are decoded only inside display names, after the structure is parsed, so a name
    like "=?utf-8?q?a=40spokeo.com?=" can never become an address.
    """
    if not isinstance(raw_header, str):
        return None
    value = _FOLD.sub(" ", raw_header[:_MAX_HEADER]).strip()
    # RFC 2047 6.2: space between adjacent encoded words is not text, but the stdlib keeps it.
    value = _ADJACENT_WORDS.sub("?=", value)
    return _parse_unfolded(value) if "@" in value else None


@lru_cache(maxsize=4096)
def _parse_unfolded(value: str) -> Sender | None:
    try:
        # The registry builds an AddressHeader for "from"; typeshed only promises a BaseHeader.
        addresses = cast(AddressHeader, _REGISTRY("from", value)).addresses
    except _PARSE_ERRORS:
        return None
    for address in addresses:
        sender = _sender_from(address)
        if sender is not None:
            return sender
    return None


def _sender_from(address: Address) -> Sender | None:
    try:
        local, raw_host, name = address.username, address.domain, address.display_name
    except _PARSE_ERRORS:
        return None
    local = local.strip().lower()
    if not local or len(local) > 256 or _CONTROL.search(local) or any(c in local for c in "<>@ "):
        return None
    host = normalize_host(raw_host)
    domain = registrable_domain(host) if host else None
    if host is None or domain is None:
        return None
    display = " ".join(_CONTROL.sub(" ", name or "").split())
    return Sender(address=f"{local}@{host}", local_part=local, host=host, domain=domain, display_name=display)


def match_sender(catalog: Catalog, from_header: str, reply_to: str | None = None) -> Broker | None:
    """The broker that sent a mail, judged by its From host, then its domain, then Reply-To.

    Only addresses decide, never display names. A From at a free-mail domain is a person: no match,
    and its Reply-To is not consulted either (replies in our own threads are tracked by thread id).
    Mail from a sending provider's domain matches only through a broker's provider_hosts, then
    through Reply-To.
    """
    sender = parse_sender(from_header)
    if sender is not None:
        if is_freemail(sender.host):
            return None
        broker = _match_address(catalog, sender)
        if broker is not None:
            return broker
    replier = parse_sender(reply_to) if reply_to else None
    if replier is None or is_freemail(replier.host):
        return None
    return _match_address(catalog, replier)


def _match_address(catalog: Catalog, sender: Sender) -> Broker | None:
    labels = sender.host.split(".")
    depth = sender.domain.count(".") + 1
    # Most specific host first, stopping above the registrable domain unless it is the host itself:
    # spokeo.zendesk.com and zendesk.com are Spokeo and Zendesk, but a.zendesk.com is not Zendesk.
    for i in range(max(1, len(labels) - depth)):
        broker = catalog.by_domain(".".join(labels[i:]))
        if broker is not None:
            return broker
    if sender.domain in SENDING_PROVIDERS:
        return None
    return catalog.by_domain(sender.domain)
