"""The values every importer shares: its result types and the cleaning of domains, e-mails, URLs and ids."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from publicsuffixlist import PublicSuffixList

from brokers.jurisdictions import EEA_COUNTRIES, UNITED_KINGDOM

Record = dict[str, Any]

_EMAIL = re.compile(r"[^@\s<>()\[\],;:\"]+@[a-z0-9-]+(\.[a-z0-9-]+)+", re.IGNORECASE)
_LEGAL_FORMS = "inc|llc|ltd|limited|corp|corporation|co|company|lp|llp|plc|gmbh|ag|se"
_CORPORATE_SUFFIX = re.compile(rf"(-({_LEGAL_FORMS}))+$")


@dataclass(frozen=True, slots=True)
class SkippedRow:
    """A source row that became no record: its 1-based position (line or list index), its name, and why."""

    row: int
    name: str
    reason: str


@dataclass(frozen=True, slots=True)
class ImportResult:
    """Catalog records (the dict form `broker_from_record` reads) and the rows left out."""

    records: tuple[Record, ...]
    skipped: tuple[SkippedRow, ...]


@lru_cache(maxsize=1)
def _psl() -> PublicSuffixList:
    return PublicSuffixList()


def registrable_domain_of(url: str) -> str | None:
    """The registrable domain of a website as people type it: bare host or URL, any case, any path."""
    text = url.strip().lower()
    if not text or any(c.isspace() for c in text):
        return None
    try:
        host = urlsplit(text if "://" in text else f"//{text}").hostname or ""
        ascii_host = host.encode("idna").decode("ascii")
    except (ValueError, UnicodeError):
        return None
    if "." not in ascii_host or not re.fullmatch(r"[a-z0-9.-]+", ascii_host):
        return None
    domain: str | None = _psl().privatesuffix(ascii_host)
    return domain


def valid_email(text: str) -> str | None:
    """The address when the text is exactly one syntactically valid address; `mailto:` is dropped."""
    candidate = text.strip().removeprefix("mailto:").strip()
    if not _EMAIL.fullmatch(candidate) or registrable_domain_of(candidate.rsplit("@", 1)[1]) is None:
        return None
    return candidate


def https_url(text: str) -> str | None:
    """The URL when it is a single https link; a plain-http link is not offered to users."""
    candidate = text.strip()
    parts = urlsplit(candidate)
    if parts.scheme != "https" or not parts.hostname or any(c.isspace() for c in candidate):
        return None
    return candidate


def slugify(name: str) -> str:
    """A stable [a-z0-9-] id from a company name without its legal form ("Acme Data, Inc." -> acme-data)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower().replace("&", " and ")).strip("-")
    return _CORPORATE_SUFFIX.sub("", slug).strip("-") or slug


def claim_id(candidate: str, taken: set[str]) -> str:
    """The candidate id, or it with -2, -3, ... when an earlier row of the same import already took it."""
    result, n = candidate, 2
    while result in taken:
        result, n = f"{candidate}-{n}", n + 1
    taken.add(result)
    return result


def regions_of(country_codes: list[str]) -> list[str]:
    """Catalog regions from ISO country codes: EEA members are "EU", GB is "UK", "all" is EU, UK and US."""
    codes = [code.upper() for code in country_codes]
    if "ALL" in codes:
        return ["EU", "UK", "US"]
    regions = ["EU" if c in EEA_COUNTRIES else "UK" if c == UNITED_KINGDOM else c for c in codes]
    return list(dict.fromkeys(regions))
