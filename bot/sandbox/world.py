"""The sandbox's local services: a Telegram Bot API server, a Google, the people and their mail."""

from __future__ import annotations

import random
import re
import socket
import threading
from dataclasses import dataclass
from pathlib import Path

from bot.sandbox.clock import MovableClock
from bot.sandbox.google import FakeGoogle, SenderForm, generate_mailbox, realistic_sender_forms
from bot.sandbox.google.pubsub import SERVICE_ACCOUNT
from bot.sandbox.telegram import FakeTelegram, TelegramUser
from brokers.catalog import Broker, load_bundled
from storage.crypto import generate_key

TOKEN = "100000001:SANDBOX-local-token"
BOT_USERNAME = "local_deletion_bot"
ADMIN_ID = 9000
MAILS_PER_PERSON = 900
BROKERS_PER_PERSON = 40
MAX_PEOPLE = 20
# Gmail push as an operator sets it up: the fake's Pub/Sub pushes each watched mailbox's new mail to the
# bot's /gmail/push, signed with the fake's own key, so a broker's reply reaches the chat at once.
PUSH_TOPIC = "projects/sandbox-project/topics/gmail"
_PERSON_KEY = re.compile(r"^(?:admin|[1-9][0-9]?)$")
_NAMES = ("Alex", "Sam", "Robin", "Kim", "Jo", "Charlie", "Max", "Toni", "Luca", "Noa")


@dataclass(frozen=True, slots=True)
class Person:
    """Someone in the page: `key` is the page's ?user= value ("1", "2", … or "admin")."""

    key: str
    user: TelegramUser
    email: str

    @property
    def is_admin(self) -> bool:
        return self.user.id == ADMIN_ID


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def catalog_senders(seed: int, count: int) -> dict[str, list[SenderForm]]:
    """`count` catalog brokers that take e-mail, picked by `seed`, with the shapes their mail takes."""
    brokers: list[Broker] = [b for b in load_bundled().enabled() if b.domains and b.can_email]
    chosen = random.Random(seed).sample(brokers, min(count, len(brokers)))
    return {broker.domains[0]: realistic_sender_forms(broker.domains[0], broker.name) for broker in chosen}


class Sandbox:
    """The fake Telegram and Google on loopback, and the people who use the bot through the page."""

    def __init__(self, clock: MovableClock) -> None:
        self.clock = clock
        self.web_port = free_port()
        self.public_url = f"http://127.0.0.1:{self.web_port}"
        # The fake enforces Telegram's flood limits, so the page shows the bot's real pacing.
        self.telegram = FakeTelegram(token=TOKEN, enforce_limits=True, bot_username=BOT_USERNAME)
        self.google = FakeGoogle(
            redirect_uris=(f"{self.public_url}/oauth/callback",), wall_clock=clock.timestamp
        )
        self._key = generate_key()
        self._people: dict[str, Person] = {}
        self._lock = threading.Lock()

    def start(self) -> None:
        self.telegram.start()
        self.google.start()
        self.google.subscribe_push(PUSH_TOPIC, f"{self.public_url}/gmail/push")

    def stop(self) -> None:
        self.telegram.stop()
        self.google.stop()

    def environment(self, data_dir: Path, page_url: str) -> dict[str, str]:
        """The settings a user would put into .env, pointing at the local servers and a throw-away SQLite;
        t.me links lead to the page at `page_url`, which opens them in its own chat."""
        client = self.google.client_config()["web"]
        return {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_URL": self.telegram.url,
            "TELEGRAM_LINK_URL": f"{page_url}/t.me",
            "BOT_MODE": "polling",
            "DATA_DIR": str(data_dir),
            "DATABASE_URL": f"sqlite+aiosqlite:///{data_dir / 'sandbox.db'}",
            "WEB_HOST": "127.0.0.1",
            "WEB_PORT": str(self.web_port),
            "PUBLIC_URL": self.public_url,
            "GOOGLE_CLIENT_ID": str(client["client_id"]),
            "GOOGLE_CLIENT_SECRET": str(client["client_secret"]),
            "GOOGLE_AUTH_URI": self.google.auth_uri,
            "GOOGLE_TOKEN_URI": self.google.token_uri,
            "GOOGLE_REVOKE_URI": self.google.revoke_uri,
            "GMAIL_API_URL": self.google.gmail_api_url,
            "GMAIL_PUBSUB_TOPIC": PUSH_TOPIC,
            "GMAIL_PUSH_CERTS_URL": self.google.certs_url,
            "GMAIL_PUSH_SERVICE_ACCOUNT": SERVICE_ACCOUNT,
            "GOOGLE_OAUTH_TESTING_MODE": "false",
            "SWEEP_INTERVAL_SECONDS": "2",
            "SEND_PACING_SECONDS": "1",
            "ADMIN_IDS": str(ADMIN_ID),
            "ENCRYPTION_KEYS": self._key,
        }

    def person(self, key: str) -> Person:
        """The person behind ?user=`key`, created with a Gmail full of mail on first use."""
        if not _PERSON_KEY.match(key):
            raise ValueError("user is a number from 1 to 99, or admin")
        with self._lock:
            known = self._people.get(key)
            if known is not None:
                return known
            if len(self._people) >= MAX_PEOPLE:
                raise ValueError(f"the sandbox holds at most {MAX_PEOPLE} people")
            number = 0 if key == "admin" else int(key)
            user = self.telegram.user(
                ADMIN_ID if key == "admin" else 1000 + number,
                "Operator" if key == "admin" else _NAMES[(number - 1) % len(_NAMES)],
                username=f"person{key}",
                language_code="en",
            )
            email = f"{user.first_name.lower()}.{key}@gmail.com"
            self.google.add_account(
                email,
                mailbox=generate_mailbox(
                    number + 1,
                    MAILS_PER_PERSON,
                    sender_domains=150,
                    broker_senders=catalog_senders(number + 1, BROKERS_PER_PERSON),
                    owner=email,
                    end_year=self.clock.now().year,
                ),
            )
            person = self._people[key] = Person(key, user, email)
            return person

    @property
    def accounts(self) -> list[str]:
        with self._lock:
            return [person.email for person in self._people.values()]

    def consent_as(self, person: Person) -> None:
        """The local consent page signs in as this person (it stands for their Google login)."""
        self.google.consent_as(person.email)
