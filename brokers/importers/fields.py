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
# The words of a role mailbox (privacy@, opt-out@, support@, ...); an address without one is a person's.
_ROLE_MAILBOX = re.compile(
    r"privacy|opt.?out|remov|delet|dpo|gdpr|ccpa|legal|complian|support|info|help|contact|customer|"
    r"service|request|data|consumer|unsubscribe|care|admin|hello|feedback|team|office|rights|suppress|"
    r"sales|account|billing|ops|operation|market|general|inquir|enquir|mail|web|security|policy|tax|"
    r"finance|vendor|system|ncoa|broker|notice|choice|comply|licens|trust|custserv|form|welcome|shop|"
    # German, French, Spanish, Italian and Finnish role words (datenschutz@, rgpd@, tietosuoja@, ...)
    r"datenschutz|^dsb|kontakt|widerspruch|betroffen|auskunft|anfrage|impressum|sekretariat|beauftragt|"
    r"kunden|praxis|hallo|dsgvo|rgpd|donnees|lopd|privacidad|protecc|dati|tietosuoja|^rpd$|^cil$|^iod$|"
    r"^dp$|^cs$|ask|contract|leads|bizdev",
    re.IGNORECASE,
)
# Hosts that carry many companies' privacy mail or forms (ticket systems, request portals): an address or
# form there is the company's without being on one of its own domains.
PRIVACY_PLATFORMS = frozenset(
    {
        "zendesk.com", "freshdesk.com", "kayako.com", "helpscoutdocs.com", "gorgias.help",
        "onetrust.com", "trustarc.com", "trustarc.eu", "truste.com", "saymine.io", "privacypillar.com",
        "dporganizer.com", "datagrail.io", "transcend.io", "ketch.com", "osano.com", "mydataprivacy.com",
        "datasubject.com", "forgetmenaut.com", "termly.io", "zohodesk.com", "helpscout.net",
    }
)  # fmt: skip


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


def is_role_mailbox(email: str) -> bool:
    """The mailbox names a role (privacy@, opt-out@, support@), not a person."""
    return bool(_ROLE_MAILBOX.search(email.rpartition("@")[0]))


def looks_personal(email: str) -> bool:
    """A named person's work address (jane.doe@, jdoe@, ben@): a mailbox of letters without a role word.

    Registries list whoever filed the form; a request sent there waits for one person, or bounces
    when they leave."""
    local = email.rpartition("@")[0].lower()
    return bool(re.fullmatch(r"[a-z]+(?:[._-][a-z]+){0,2}", local)) and not is_role_mailbox(email)


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
