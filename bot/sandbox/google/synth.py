"""A seeded synthetic mailbox: thousands of ordinary senders with a Zipf-like skew, plus given brokers."""

from __future__ import annotations

import itertools
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.sandbox.google.mailbox import Mailbox
from bot.sandbox.google.senders import SenderForm, brand_of

_SYLLABLES = (
    "ka", "lo", "mi", "ter", "van", "zen", "ro", "qua", "bel", "dor", "fin", "gal", "hex", "jun", "kor",
    "lum", "mar", "nov", "pix", "ral", "sol", "tri", "ul", "vex", "wim", "yo", "zu", "ar", "en", "is",
    "on", "bra", "cle", "dro", "fla", "gro", "pla", "stu", "tra",
)  # fmt: skip
_WORDS = (
    "shop", "mail", "news", "cloud", "box", "hub", "lab", "works", "market", "store", "daily", "trip",
    "pay", "bank", "fit", "home", "games",
)  # fmt: skip
_TLDS = (
    ("com", 50), ("net", 6), ("org", 6), ("de", 5), ("co.uk", 5), ("io", 4), ("co", 3), ("fr", 3),
    ("com.au", 2), ("ca", 2), ("nl", 2), ("es", 2), ("it", 2), ("app", 2), ("shop", 1), ("jp", 1),
)  # fmt: skip
_WEBMAIL = ("gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "gmx.de", "proton.me")
_LOCALS = (
    "no-reply", "noreply", "news", "info", "hello", "support", "orders", "team", "updates", "notifications",
)  # fmt: skip
_SUBHOSTS = ("", "", "", "mail.", "email.", "e.", "news.", "em.")
_FIRST = (
    "anna", "ben", "carla", "david", "emma", "felix", "grace", "hugo", "iris", "jonas", "kate", "leo",
    "mia", "noah", "olga", "paul", "rosa", "sam",
)  # fmt: skip
_LAST = (
    "smith",
    "mueller",
    "garcia",
    "rossi",
    "dubois",
    "novak",
    "kim",
    "silva",
    "jensen",
    "ivanova",
    "brown",
)
_SUBJECTS = (
    "Your order #{n} has shipped", "Your {brand} receipt", "This week at {brand}", "{n}% off everything",
    "Welcome to {brand}", "Security alert for your {brand} account", "Your {brand} statement is ready",
    "Reminder: your appointment on {n}", "New sign-in to {brand}", "{brand} newsletter #{n}",
)  # fmt: skip
_PERSONAL = ("Lunch on {n}?", "Photos from the weekend", "Re: plans", "Quick question", "Invoice {n}")
_BROKER_SUBJECTS = (
    "Your {brand} account", "Welcome to {brand}", "New records found on {brand}", "Verify your email address",
    "Your {brand} membership receipt", "Changes to the {brand} privacy policy", "Your report is ready",
)  # fmt: skip
_CATEGORIES = ("CATEGORY_PROMOTIONS", "CATEGORY_UPDATES", "CATEGORY_SOCIAL", "CATEGORY_PROMOTIONS")


@dataclass(frozen=True, slots=True)
class _Profile:
    forms: tuple[SenderForm, ...]
    brand: str
    body: str
    personal: bool = False


def generate_mailbox(
    seed: int,
    messages: int,
    *,
    sender_domains: int = 2000,
    broker_senders: Mapping[str, Sequence[str | SenderForm]] | None = None,
    start_year: int = 2016,
    end_year: int = 2025,
    owner: str = "user@gmail.com",
    mails_per_broker: tuple[int, int] = (1, 20),
) -> Mailbox:
    """Build a mailbox of `messages` messages, the same for the same arguments."""
    rng = random.Random(seed)
    mailbox = Mailbox(owner)
    profiles = _ordinary_profiles(rng, sender_domains, set(broker_senders or ()))
    brokers = {d: _broker_profile(d, forms) for d, forms in (broker_senders or {}).items()}
    start = int(datetime(start_year, 1, 1, tzinfo=UTC).timestamp() * 1000)
    end = int(datetime(end_year + 1, 1, 1, tzinfo=UTC).timestamp() * 1000)
    dates = sorted(rng.randrange(start, end) for _ in range(messages))
    broker_at = _place_brokers(rng, messages, list(brokers), mails_per_broker)
    weights = list(itertools.accumulate(1 / (k + 1) ** 1.1 for k in range(len(profiles))))
    picks = iter(rng.choices(range(len(profiles)), cum_weights=weights, k=messages))
    writer = _Writer(rng, mailbox)
    for i, date_ms in enumerate(dates):
        broker = broker_at.get(i)
        if broker is not None:
            writer.broker(brokers[broker], date_ms)
        elif rng.random() < 0.03:
            writer.sent(date_ms)
        else:
            writer.ordinary(profiles[next(picks)], date_ms)
    mailbox.history_floor = mailbox.history_id
    return mailbox


def _place_brokers(
    rng: random.Random, messages: int, domains: list[str], per: tuple[int, int]
) -> dict[int, str]:
    wanted = [d for d in domains for _ in range(rng.randint(*per))]
    positions = rng.sample(range(messages), min(len(wanted), messages))
    return dict(zip(positions, wanted, strict=False))


def _broker_profile(domain: str, forms: Sequence[str | SenderForm]) -> _Profile:
    parsed = tuple(f if isinstance(f, SenderForm) else SenderForm(f) for f in forms)
    brand = brand_of(domain)
    body = f"You are receiving this email because you have an account with {brand}. Manage your preferences."
    return _Profile(parsed or (SenderForm(f"{brand} <info@{domain}>"),), brand, body)


def _ordinary_profiles(rng: random.Random, count: int, taken: set[str]) -> list[_Profile]:
    domains: list[str] = []
    seen = set(taken) | set(_WEBMAIL)
    tlds, tld_weights = zip(*_TLDS, strict=True)
    while len(domains) < count:
        name = "".join(rng.choices(_SYLLABLES, k=rng.randint(1, 3)))
        if rng.random() < 0.5:
            name += rng.choice(("", "-")) + rng.choice(_WORDS)
        domain = f"{name}.{rng.choices(tlds, tld_weights)[0]}"
        if domain not in seen:
            seen.add(domain)
            domains.append(domain)
    profiles = [_company_profile(rng, d) for d in domains]
    for rank, webmail in enumerate(_WEBMAIL):
        profiles.insert(rank * 3 + 1, _personal_profile(rng, webmail))
    return profiles


def _company_profile(rng: random.Random, domain: str) -> _Profile:
    brand = brand_of(domain)
    forms = []
    for _ in range(rng.randint(1, 3)):
        address = f"{rng.choice(_LOCALS)}@{rng.choice(_SUBHOSTS)}{domain}"
        forms.append(SenderForm(f'"{brand}" <{address}>' if rng.random() < 0.3 else f"{brand} <{address}>"))
    body = f"Hi there, here is what's new at {brand} this week. View this email in your browser. Unsubscribe."
    return _Profile(tuple(forms), brand, body)


def _personal_profile(rng: random.Random, webmail: str) -> _Profile:
    people = []
    for _ in range(30):
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        people.append(
            SenderForm(f"{first.title()} {last.title()} <{first}.{last}{rng.randint(1, 99)}@{webmail}>")
        )
    return _Profile(tuple(people), "", "Hey, how are you? Let me know what you think. Cheers", personal=True)


class _Writer:
    def __init__(self, rng: random.Random, mailbox: Mailbox) -> None:
        self.rng = rng
        self.mailbox = mailbox
        self.last_by_sender: dict[str, tuple[str, str, str]] = {}

    def broker(self, profile: _Profile, date_ms: int) -> None:
        form = self.rng.choice(profile.forms)
        subject = self.rng.choice(_BROKER_SUBJECTS).format(brand=profile.brand)
        local, _, host = self.mailbox.owner.partition("@")
        to = f"{local}+{profile.brand.lower().replace(' ', '')}@{host}" if self.rng.random() < 0.1 else None
        self.write(form, subject, profile.body, date_ms, {"INBOX", "CATEGORY_UPDATES"}, to)

    def ordinary(self, profile: _Profile, date_ms: int) -> None:
        form = self.rng.choice(profile.forms)
        templates = _PERSONAL if profile.personal else _SUBJECTS
        subject = self.rng.choice(templates).format(brand=profile.brand, n=self.rng.randint(2, 99999))
        roll = self.rng.random()
        if roll < 0.015:
            labels = {"SPAM"}
        elif roll < 0.025:
            labels = {"TRASH"}
        else:
            labels = {"INBOX", "CATEGORY_PERSONAL" if profile.personal else self.rng.choice(_CATEGORIES)}
            if self.rng.random() < 0.25:
                labels.add("UNREAD")
        self.write(form, subject, profile.body, date_ms, labels, None)

    def sent(self, date_ms: int) -> None:
        first, last = self.rng.choice(_FIRST), self.rng.choice(_LAST)
        to = f"{first.title()} {last.title()} <{first}.{last}@{self.rng.choice(_WEBMAIL)}>"
        subject = self.rng.choice(_PERSONAL).format(n=self.rng.randint(2, 28))
        self.mailbox.add(sender=self.mailbox.owner, recipients=to, subject=subject, date_ms=date_ms,
                         body="See you soon.", labels=("SENT",), record_history=False)  # fmt: skip

    def write(
        self, form: SenderForm, subject: str, body: str, date_ms: int, labels: set[str], to: str | None
    ) -> None:
        thread_id = in_reply_to = None
        previous = self.last_by_sender.get(form.sender)
        if previous is not None and self.rng.random() < 0.12:
            thread_id, in_reply_to, first_subject = previous
            subject = "Re: " + first_subject
        extra = (("Reply-To", form.reply_to),) if form.reply_to else ()
        message = self.mailbox.add(
            sender=form.sender, recipients=to or self.mailbox.owner, subject=subject, date_ms=date_ms,
            body=body, labels=labels, thread_id=thread_id, in_reply_to=in_reply_to, extra=extra,
            rfc822_id=f"<{self.rng.getrandbits(64):016x}.{date_ms}@{form.sender.rpartition('@')[2].rstrip('>')}>",
            record_history=False,
        )  # fmt: skip
        if previous is None:
            self.last_by_sender[form.sender] = (message.thread_id, message.rfc822_id, subject)
