"""Parse the Vermont, Oregon and Texas data broker registries into broker records.

Each state publishes who registered, with a contact address and a website; the parsers keep those facts
(name, registration number, domains, a role address, an https rights page) and leave the narratives,
postal addresses and staff names out. A named person's address (registries list whoever filed the form)
is not taken: the record keeps its rights page, or no channel, and says so in its notes.

- Vermont (Secretary of State): the registry table as The Markup published it (2021, columns ending in
  a colon: "Data Broker Name:", "Registration ID:", "Email Address:", "Primary Internet Address:").
- Oregon (DCBS, Division of Financial Regulation): the "Data Broker Opt Out Methods" report
  (LICENSE NO., FACILITY NAME, DOING BUSINESS AS, UPDATE DATE, OPT OUT EMAIL, OPT OUT WEBSITE, ADDITIONAL
  WEBSITE). It has no primary website: only hosts on the filed address's domain name the broker, since
  its opt-out sites are often shared portals.
- Texas (Secretary of State): the registry grid (Registration Number, Full Legal Name, Data Broker Email
  Address, Website, Consumer Rights Link, Submitted On); one row may list several sites of one registrant.

The copies read for brokers/data/state-registries.toml (facts only: names, numbers, domains, addresses):
- Vermont: the-markup/investigation-data-broker-lobbying, data/data_brokers/vt-data-brokers.csv, commit
  093b6ab4b74c43a012cde824d111e8f8004b809b (2021-03-29; BSD-3-Clause-style licence).
- Oregon and Texas: Alfredapp-hash/Clear-Trace, src/lib/brokers/data/or-registry-snapshot.csv and
  tx-registry-snapshot.csv, commit 33647e7238f29d255f919bb9577ce49566a75e09 (retrieved by that project
  2026-10-07; MIT).
Rebuild with `python -m bot brokers registries --source oregon:OR.csv:2026-10-07 --source
texas:TX.csv:2026-10-07 --source vermont:VT.csv:2021-03-29`.

Lines starting with "#" (a snapshot's provenance header) are skipped. Every record keeps its sites in
registry order: the first is the registrant's own, the others are covered by a request to it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from brokers.importers.fields import (
    PRIVACY_PLATFORMS,
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

VERMONT_SOURCE = "Vermont Data Broker Registry"
OREGON_SOURCE = "Oregon Data Broker Registry"
TEXAS_SOURCE = "Texas Data Broker Registry"
# Hosts that are nobody's own site even when a registrant names them as its website.
_SHARED_SITES = PRIVACY_PLATFORMS | {"google.com", "termly.io", "slack.com", "farmers.com", "docs.google.com"}


@dataclass(frozen=True, slots=True)
class _Row:
    registration: str
    legal_name: str
    dba: str
    email: str
    sites: str
    rights: str
    filed: str
    status: str = ""


@dataclass(frozen=True, slots=True)
class _State:
    code: str
    source: str
    columns: Mapping[str, tuple[str, ...]]
    # Oregon's sites are opt-out pages: only those on the address's own domain name the broker.
    sites_on_email_domain: bool = False


_VERMONT = _State(
    "VT",
    VERMONT_SOURCE,
    {
        "registration": ("registration id",),
        "legal_name": ("data broker name",),
        "email": ("email address",),
        "sites": ("primary internet address",),
        "filed": ("created date",),
        "status": ("status",),
    },
)
_OREGON = _State(
    "OR",
    OREGON_SOURCE,
    {
        "registration": ("license no.",),
        "legal_name": ("facility name",),
        "dba": ("doing business as",),
        "email": ("opt out email",),
        "sites": ("opt out website",),
        "rights": ("additional website",),
        "filed": ("update date",),
    },
    sites_on_email_domain=True,
)
_TEXAS = _State(
    "TX",
    TEXAS_SOURCE,
    {
        "registration": ("registration number",),
        "legal_name": ("full legal name",),
        "email": ("data broker email address",),
        "sites": ("website",),
        "rights": ("consumer rights link",),
        "filed": ("submitted on",),
    },
)


def parse_vermont_registry(text: str, checked: date) -> ImportResult:
    return _parse(_VERMONT, text, checked)


def parse_oregon_registry(text: str, checked: date) -> ImportResult:
    return _parse(_OREGON, text, checked)


def parse_texas_registry(text: str, checked: date) -> ImportResult:
    return _parse(_TEXAS, text, checked)


STATE_PARSERS: dict[str, Callable[[str, date], ImportResult]] = {
    "vermont": parse_vermont_registry,
    "oregon": parse_oregon_registry,
    "texas": parse_texas_registry,
}


def _header(cell: str) -> str:
    text = cell.replace("\ufeff", "").replace("\xa0", " ")
    return re.sub(r"\s+", " ", text).strip().lower().removesuffix(":").strip()


def _parse(state: _State, text: str, checked: date) -> ImportResult:
    lines = [line for line in text.removeprefix("\ufeff").splitlines() if not line.startswith("#")]
    rows = list(csv.reader(io.StringIO("\n".join(lines))))
    if not rows:
        raise ValueError(f"not the {state.source}: the file is empty")
    headers = [_header(cell) for cell in rows[0]]
    columns = {key: headers.index(n) for key, names in state.columns.items() for n in names if n in headers}
    missing = [key for key in ("registration", "legal_name", "email", "sites") if key not in columns]
    if missing:
        raise ValueError(f"not the {state.source}: no column for {', '.join(missing)}")
    records: list[Record] = []
    skipped: list[SkippedRow] = []
    taken: set[str] = set()
    parsed: list[tuple[int, _Row]] = []
    for line, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        values = {key: cells[i].strip() if i < len(cells) else "" for key, i in columns.items()}
        parsed.append((line, _Row(**{key: values.get(key, "") for key in _Row.__slots__})))
    # A registrant files each year: its latest filing comes first, so its address is the one kept.
    parsed.sort(key=lambda item: _filed_on(item[1].filed), reverse=True)
    for line, row in parsed:
        record = _record_of(state, row, checked)
        if isinstance(record, str):
            skipped.append(SkippedRow(line, row.legal_name, record))
            continue
        record["id"] = claim_id(str(record["id"]), taken)
        records.append(record)
    return ImportResult(tuple(records), tuple(skipped))


def _filed_on(text: str) -> date:
    """A registry's m/d/yyyy date; an unreadable one sorts last."""
    found = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text.strip())
    if found is None:
        return date.min
    month, day, year = map(int, found.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return date.min


def _sites(cell: str) -> list[str]:
    """The registrable domains a cell names, in order: "a.com; b.com", "https://www.a.com/x, b.com"."""
    found = [registrable_domain_of(part) for part in re.split(r"[\s;,|]+", cell) if "." in part]
    return [d for d in dict.fromkeys(found) if d and d not in _SHARED_SITES]


def _record_of(state: _State, row: _Row, checked: date) -> Record | str:
    if not row.legal_name or not row.registration:
        return "no name or registration number"
    email = valid_email(row.email.replace(" ", ""))
    email = email.lower() if email else None
    email_domain = registrable_domain_of(email.rpartition("@")[2]) if email else None
    sites = _sites(row.sites)
    if state.sites_on_email_domain:
        sites = list(dict.fromkeys(d for d in [*sites, *_sites(row.rights)] if d == email_domain)) or (
            [] if email_domain else sites[:1]
        )
    # No site of its own: the address's domain stands in when it carries the registrant's name (a tax
    # agent's or a lawyer's address names someone else).
    if not sites and email_domain and email_domain not in _SHARED_SITES and _names(row, email_domain):
        sites = [email_domain]
    if not sites:
        return f"no website of its own in {row.sites!r}"
    notes = [
        f"{state.source} registration {row.registration}" + (f", filed {row.filed}" if row.filed else "")
    ]
    name = _display_name(row)
    if name != row.legal_name:
        notes.append(f"Legal name: {row.legal_name}.")
    else:
        notes[0] += "."
    brands = _brands(row.dba)
    if len(brands) > 1:
        notes.append(f"Does business as: {', '.join(brands)}.")
    if row.status and row.status.lower() != "active":
        notes.append(f"Registration {row.status.lower()} when seen.")
    if email and not is_role_mailbox(email):
        notes.append("The registry lists a named person's address; it is left out.")
        email = None
    # A rights page on the broker's own site; its home page is no opt-out form.
    form_url = https_url(row.rights)
    if form_url and registrable_domain_of(form_url) not in sites:
        form_url = None
    record: Record = {
        "id": slugify(name),
        "name": name,
        "kind": "broker",
        "category": "data_aggregator",
        "domains": sites,
        "accepts_email": email is not None,
        "regions": ["US"],
        "registries": [state.code],
        "source": state.source,
        "checked": checked,
        "notes": " ".join(notes),
    }
    if email:
        record["email"] = email
    if form_url:
        record["form_url"] = form_url
    return record


def _brands(dba: str) -> list[str]:
    """The names a DBA cell lists ("Freepeopledirectory, Thatsthem, peoplewin."; "A; B & C")."""
    parts = re.split(r"\s*(?:[;,&]|\band\b)\s*", dba.strip().rstrip("."), flags=re.IGNORECASE)
    return [p.strip() for p in parts if len(p.strip()) > 2]


def _names(row: _Row, domain: str) -> bool:
    label = re.sub(r"[^a-z0-9]", "", domain.split(".")[0])
    names = re.sub(r"[^a-z0-9]", "", f"{row.legal_name} {row.dba}".lower())
    return len(label) >= 3 and label in names


def _display_name(row: _Row) -> str:
    """The DBA when it is one plain name (Oregon repeats the legal name or lists several), else the legal
    name without a "(DBA: ...)" tail."""
    dba = row.dba.strip()
    if (
        dba
        and dba.upper() not in {"N/A", "NA", "NO", "NONE", row.legal_name.upper()}
        and not re.search(r"[;,]", dba)
    ):
        return dba.title() if dba.isupper() else dba
    name = re.sub(r"\s*\(DBA:.*\)\s*$", "", row.legal_name, flags=re.IGNORECASE).strip() or row.legal_name
    # Oregon writes legal names in capitals: "ACME DATA INC" reads as "Acme Data Inc".
    return name.title() if name.isupper() else name
