"""Parse public opt-out lists into broker records: facts only (names, domains, addresses, form links).

- the your-digital-rights data-brokers table (backend/data/data-brokers-merged.csv, GPL-3.0), which
  merged privacyrights.org's broker directory, California's early registry and internetremoval.com;
- BADBOOL, the Big-Ass Data Broker Opt-Out List (its README.md): the people-search sites it names, the
  form each links to, and the steps it says the form takes (read from its wording, not copied).
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date

from brokers.catalog import FormStep
from brokers.importers.fields import (
    ImportResult,
    Record,
    SkippedRow,
    claim_id,
    https_url,
    is_role_mailbox,
    registrable_domain_of,
    slugify,
    valid_email,
)

YDR_SOURCE = (
    "your-digital-rights/data-brokers data-brokers-merged.csv (GPL-3.0, from privacyrights.org, 2020)"
)
BADBOOL_SOURCE = "yaelwrites/Big-Ass-Data-Broker-Opt-Out-List README (facts only)"

# Their categories, most telling first, and the catalog category each becomes.
_YDR_CATEGORIES = (
    ("background check", "background_check"),
    ("people search", "people_search"),
    ("people finder", "people_search"),
    ("mugshot", "people_search"),
    ("directory", "people_search"),
    ("voter lists", "people_search"),
    ("personal information", "people_search"),
    ("search engine", "people_search"),
    ("identity verification", "identity_risk"),
    ("credit bureaus", "financial_data"),
    ("geolocation", "location"),
    ("online advertising", "adtech"),
    ("marketing", "marketing"),
    ("direct marketers", "marketing"),
    ("telemarketers", "marketing"),
)


def role_email(text: str) -> str | None:
    """The address if it is valid and a role mailbox (privacy@, support@, ...), not a person's."""
    email = valid_email(text)
    if email is None or not is_role_mailbox(email):
        return None
    return email.lower()


def parse_ydr_table(text: str, checked: date) -> ImportResult:
    """One record per live row with a domain and a channel (a role e-mail or an https opt-out form)."""
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
    if "Domain" not in (reader.fieldnames or ()):
        raise ValueError("not the your-digital-rights table: no Domain column")
    records: list[Record] = []
    skipped: list[SkippedRow] = []
    taken: set[str] = set()
    for line, row in enumerate(reader, start=2):
        name = (row.get("Name") or row.get("Domain") or "").strip().rstrip("/")
        domain = registrable_domain_of(row.get("Domain") or "")
        if domain is None:
            skipped.append(SkippedRow(line, name, "no usable domain"))
            continue
        if (row.get("Health") or "").strip().lower() == "dead":
            skipped.append(SkippedRow(line, name, "listed as dead"))
            continue
        email = role_email(row.get("Email") or "")
        form_url = https_url(row.get("Opt Out URL") or "")
        if email is None and form_url is None:
            skipped.append(SkippedRow(line, name, "no role e-mail and no https opt-out form"))
            continue
        category = _ydr_category(row.get("Categories") or "")
        record: Record = {
            "id": claim_id(slugify(name if name != domain else domain.split(".")[0]), taken),
            "name": name,
            "kind": "broker",
            "category": category,
            "domains": [domain],
            "accepts_email": email is not None,
            "regions": ["US"],
            "source": YDR_SOURCE,
            "checked": checked,
        }
        if email:
            record["email"] = email
        if form_url:
            record["form_url"] = form_url
        if category == "people_search" and email is None:
            record["form_steps"] = [str(FormStep.SEARCH_LISTING), str(FormStep.CONFIRM_EMAIL)]
        records.append(record)
    return ImportResult(tuple(records), tuple(skipped))


def _ydr_category(cell: str) -> str:
    lowered = cell.lower()
    return next((ours for theirs, ours in _YDR_CATEGORIES if theirs in lowered), "data_aggregator")


_SECTION = re.compile(r"^## (.+)$", re.MULTILINE)
_ENTRY = re.compile(r"^### (.+)$", re.MULTILINE)
_LINK = re.compile(r"\]\((https?://[^)\s]+)\)")
_MAILTO = re.compile(r"<([^<>@\s]+@[^<>\s]+)>|mailto:([^)\s]+)")
_OWNS = re.compile(r"\bowns ([^.]*(?:\.[a-z]{2,4}[^.]*)*)\.", re.IGNORECASE)
_FORM_WORDS = re.compile(r"opt|suppress|remov|privacy", re.IGNORECASE)
# The list's markers: 🎫 needs a driver's licence, 📞 a phone call.
_ID_MARK, _PHONE_MARK = "\U0001f3ab", "\U0001f4de"
# The words that say a step of the form, in the order the steps are taken.
_STEP_WORDS = (
    (FormStep.SEARCH_LISTING, r"\b(search|look for|find) (for )?your"),
    (
        FormStep.COPY_LISTING_URL,
        r"\b(url|link) of your (listing|profile|record)|copy the url|grab the url|enter the url",
    ),
    (FormStep.EACH_LISTING, r"\b(each|every) (listing|record|profile)|more than one listing"),
    (FormStep.ID_DOCUMENT, r"driver.s licen|\bid\b|identification"),
    (FormStep.PHONE_CALL, r"\bcall(ing)? \d|\bby phone|pick up a"),
    (
        FormStep.CONFIRM_EMAIL,
        r"confirm\w*[^.]*e-?mail|link (sent|in the email)|verification (email|link)"
        r"|check your (email|inbox)|go to your inbox",
    ),
)  # fmt: skip


def parse_badbool(text: str, checked: date) -> ImportResult:
    """The people-search sites of the list's "People Search Sites" section, one record each."""
    body = _people_search_section(text)
    if body is None:
        raise ValueError("not the BADBOOL list: no 'People Search Sites' section")
    titles = list(_ENTRY.finditer(body))
    records: list[Record] = []
    skipped: list[SkippedRow] = []
    taken: set[str] = set()
    for position, match in enumerate(titles, start=1):
        end = titles[position].start() if position < len(titles) else len(body)
        title, entry = match.group(1), body[match.end() : end]
        name = re.sub(r"^[^\w(]+", "", title).strip()
        record = _badbool_record(name, title, entry, checked)
        if isinstance(record, str):
            skipped.append(SkippedRow(position, name, record))
            continue
        record["id"] = claim_id(str(record["id"]), taken)
        records.append(record)
    return ImportResult(tuple(records), tuple(skipped))


def _people_search_section(text: str) -> str | None:
    sections = list(_SECTION.finditer(text))
    for at, match in enumerate(sections):
        if match.group(1).strip().lower() == "people search sites":
            end = sections[at + 1].start() if at + 1 < len(sections) else len(text)
            return text[match.end() : end]
    return None


def _badbool_record(name: str, title: str, entry: str, checked: date) -> Record | str:
    links = [url for url in _LINK.findall(entry) if https_url(url)]
    own = _own_domain(name, links)
    if own is None:
        return "no link to the site's own domain"
    forms = [url for url in links if registrable_domain_of(url) == own or _FORM_WORDS.search(url)]
    emails = [role_email(a or b) for a, b in _MAILTO.findall(entry)]
    email = next((e for e in emails if e), None)
    form_url = forms[-1] if forms else links[0]
    lowered = entry.lower()
    steps = [step for step, words in _STEP_WORDS if re.search(words, lowered)]
    if _ID_MARK in title and FormStep.ID_DOCUMENT not in steps:
        steps.append(FormStep.ID_DOCUMENT)
    if _PHONE_MARK in title and FormStep.PHONE_CALL not in steps:
        steps.append(FormStep.PHONE_CALL)
    steps.sort(key=list(FormStep).index)
    record: Record = {
        "id": slugify(name),
        "name": name,
        "kind": "broker",
        "category": "people_search",
        "domains": [own],
        "form_url": form_url,
        "accepts_email": email is not None,
        "needs_id_verification": FormStep.ID_DOCUMENT in steps,
        "form_steps": [str(s) for s in steps or (FormStep.SEARCH_LISTING, FormStep.CONFIRM_EMAIL)],
        "regions": ["US"],
        "source": BADBOOL_SOURCE,
        "checked": checked,
    }
    if email:
        record["email"] = email
    if owned := _owned_domains(entry):
        record["notes"] = f"Owns {', '.join(owned)} (a request to it covers them)."
    return record


def _own_domain(name: str, links: list[str]) -> str | None:
    """The site's domain: a link whose domain contains the site's name, else a domain-like name."""
    key = re.sub(r"[^a-z0-9]", "", name.lower().split("(")[0].removesuffix(".com"))
    for url in links:
        domain = registrable_domain_of(url)
        if domain and key and key[:6] in domain.replace("-", ""):
            return domain
    return registrable_domain_of(name) if "." in name else None


def _owned_domains(entry: str) -> list[str]:
    """The domains the entry says the site owns ("X owns Addresses.com, Anywho, ...")."""
    found = _OWNS.search(entry)
    if found is None:
        return []
    names = re.split(r",\s*|\s+and\s+", found.group(1))
    return [d for d in (registrable_domain_of(n.strip()) for n in names if "." in n) if d]


ERASER_SOURCE = "drumandbytes/eraser data/brokers.yaml (MIT)"
_ERASER_CATEGORIES = {
    "people-search": "people_search",
    "background-check": "background_check",
    "financial-b2b": "financial_data",
    "device-id-only": "adtech",
    "marketing": "marketing",
}
_ERASER_REGIONS = {"us": ["US"], "eu": ["EU"], "global": ["GLOBAL"]}


def parse_eraser_brokers(text: str, checked: date) -> ImportResult:
    """Eraser's broker list (a flat YAML list of `key: value` entries under `brokers:`), read line by line."""
    if not text.lstrip().startswith("brokers:"):
        raise ValueError("not Eraser's brokers.yaml: no 'brokers:' list")
    entries: list[dict[str, str]] = []
    for line in text.splitlines():
        item = re.fullmatch(r"\s*(-\s+)?([a-z_]+):\s*(.*)", line)
        if item is None:
            continue
        if item.group(1):
            entries.append({})
        if entries:
            entries[-1][item.group(2)] = item.group(3).strip().strip("'\"")
    records: list[Record] = []
    skipped: list[SkippedRow] = []
    taken: set[str] = set()
    for position, entry in enumerate(entries, start=1):
        name = entry.get("name", "")
        domain = registrable_domain_of(entry.get("website", ""))
        email = valid_email(entry.get("email", ""))
        form_url = https_url(entry.get("opt_out_url", ""))
        if not name or domain is None or (email is None and form_url is None):
            skipped.append(SkippedRow(position, name, "no name, website or channel"))
            continue
        record: Record = {
            "id": claim_id(slugify(name), taken),
            "name": name,
            "kind": "broker",
            "category": _ERASER_CATEGORIES.get(entry.get("category", ""), "data_aggregator"),
            "domains": [domain],
            "accepts_email": email is not None,
            "regions": _ERASER_REGIONS.get(entry.get("region", ""), ["US"]),
            "source": ERASER_SOURCE,
            "checked": checked,
        }
        record.update({k: v for k, v in (("email", email), ("form_url", form_url)) if v})
        records.append(record)
    return ImportResult(tuple(records), tuple(skipped))


CVS0_SOURCE = (
    "cvs0/data-brokers-list opt-outs.csv (MIT, from PersProtect CC BY 4.0, The Markup, the CPPA registry)"
)
_CVS0_CATEGORIES = {
    "people-search": "people_search",
    "public-records": "people_search",
    "background-checks": "background_check",
    "credit-financial": "financial_data",
    "marketing": "marketing",
}
# Privacy-request platforms many companies share: their domain is nobody's own.
SHARED_PORTALS = frozenset(
    {"onetrust.com", "google.com", "trustarc.eu", "saymine.io", "privacypillar.com", "dporganizer.com"}
)
_EMAIL_NOTE = re.compile(r"\bEmail: ([^\s,;]+@[^\s,;]+?)\.?(?:\s|$)")


def parse_cvs0_opt_outs(text: str, checked: date) -> ImportResult:
    """The cvs0 opt-out table (name, category, url, notes, domain, http_status, sources): one record per row
    whose own domain is known and that has an https page or a role address."""
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
    if not {"name", "url", "domain", "sources"} <= set(reader.fieldnames or ()):
        raise ValueError("not the cvs0 opt-out table: needs name, url, domain and sources columns")
    records: list[Record] = []
    skipped: list[SkippedRow] = []
    taken: set[str] = set()
    for line, row in enumerate(reader, start=2):
        name = (row.get("name") or "").strip()
        domain = registrable_domain_of(row.get("domain") or "")
        if not name or domain is None or domain in SHARED_PORTALS:
            skipped.append(SkippedRow(line, name, "no name or no own domain"))
            continue
        noted = _EMAIL_NOTE.search(row.get("notes") or "")
        email = role_email(noted.group(1)) if noted else None
        form_url = https_url(row.get("url") or "")
        if email is None and form_url is None:
            skipped.append(SkippedRow(line, name, "no role e-mail and no https page"))
            continue
        category = _CVS0_CATEGORIES.get((row.get("category") or "").strip(), "data_aggregator")
        canadian = domain.endswith(".ca") or "canada" in name.lower()
        british = domain.endswith(".uk")
        record: Record = {
            "id": claim_id(slugify(name.split("(")[0]) or slugify(name), taken),
            "name": name,
            "kind": "broker",
            "category": category,
            "domains": [domain],
            "accepts_email": email is not None,
            "regions": ["CA"] if canadian else ["UK"] if british else ["US"],
            "country": "CA" if canadian else "GB" if british else "US",
            "source": CVS0_SOURCE,
            "checked": checked,
        }
        if "cppa" in (row.get("sources") or ""):
            record["registries"] = ["CA"]
        record.update({k: v for k, v in (("email", email), ("form_url", form_url)) if v})
        if category == "people_search" and email is None:
            record["form_steps"] = [str(FormStep.SEARCH_LISTING), str(FormStep.CONFIRM_EMAIL)]
        records.append(record)
    return ImportResult(tuple(records), tuple(skipped))
