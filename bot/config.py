"""The runtime configuration: environment variables (and an optional .env), validated once at start."""

from __future__ import annotations

import re
from datetime import timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from storage.crypto import is_valid_key

_TOKEN_RE = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
_URL_RE = re.compile(r"^https?://[^\s/]+[^\s]*$")
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
# Pub/Sub's resource names: a project id (6-30 characters) and a topic (3-255, starting with a letter).
_TOPIC_RE = re.compile(r"^projects/[a-z][a-z0-9-]{4,28}[a-z0-9]/topics/[A-Za-z][A-Za-z0-9._~+%-]{2,254}$")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# With push on, polling is only the safety net for a lost push or a lapsed watch: every 15 minutes at most.
PUSH_SAFETY_POLL_SECONDS = 900
# The async drivers the bot ships with, for the schemes people write.
_ASYNC_DRIVERS = {
    "postgresql": "postgresql+asyncpg",
    "postgres": "postgresql+asyncpg",
    "postgresql+asyncpg": "postgresql+asyncpg",
    "sqlite": "sqlite+aiosqlite",
    "sqlite+aiosqlite": "sqlite+aiosqlite",
}


class BotMode(StrEnum):
    POLLING = "polling"
    WEBHOOK = "webhook"


class QuotaModel(StrEnum):
    """Google's two per-user Gmail quota models (see DESIGN.md section 6)."""

    LEGACY = "2025"
    CURRENT = "2026"


def _split_csv(value: object) -> object:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class Settings(BaseSettings):
    """Every setting of the bot; the names are the environment variables of DESIGN.md section 9."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org"
    # Where t.me links point: the sandbox serves its own, so a deep link opens its local chat.
    telegram_link_url: str = "https://t.me"
    data_dir: Path = Path("./data")
    database_url: str = ""
    encryption_keys: Annotated[list[SecretStr], NoDecode] = Field(default_factory=list)
    google_client_id: str = ""
    google_client_secret: SecretStr = SecretStr("")
    google_auth_uri: str = "https://accounts.google.com/o/oauth2/auth"
    google_token_uri: str = "https://oauth2.googleapis.com/token"
    google_revoke_uri: str = "https://oauth2.googleapis.com/revoke"
    gmail_api_url: str = "https://gmail.googleapis.com/"
    gmail_quota_model: QuotaModel = QuotaModel.LEGACY
    # The project's Gmail units a minute, for all accounts together (Google's default: 1,200,000); every
    # Gmail call of the process waits for room under it. Below 1,000 a batch of reads could not fit.
    gmail_project_quota_units: int = Field(default=1_200_000, ge=1000, le=1_000_000_000)
    # A self-hosted project usually stays in Google's "Testing" status, whose grants end after 7 days.
    google_oauth_testing_mode: bool = True
    google_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    send_pacing_seconds: float = Field(default=2.0, ge=0, le=600)
    send_undo_seconds: float = Field(default=10.0, ge=0, le=300)
    # How long an unsure letter (Gmail's answer lost) is looked for in Sent before it counts as not sent.
    sent_check_seconds: float = Field(default=60.0, ge=1, le=3600)
    # Far below consumer Gmail's ~500 recipients a day: deletion mail looks like bulk mail.
    gmail_daily_send_limit: int = Field(default=100, ge=1, le=2000)
    sweep_interval_seconds: float = Field(default=10.0, gt=0, le=3600)
    # history.list costs 2 units: every 120 s that is 1,440 units a day per account with open requests.
    reply_poll_seconds: int = Field(default=120, ge=10, le=86400)
    # A job whose worker died (a crash, a SIGKILL) is taken up by the next sweep after this long.
    job_lease_seconds: float = Field(default=300.0, ge=2, le=3600)
    # On SIGTERM: how long running jobs (a letter being sent) may take to finish before they are stopped
    # and their claims released for another instance.
    shutdown_grace_seconds: float = Field(default=20.0, ge=0, le=600)
    # Gmail push (users.watch to this Pub/Sub topic, pushed to <PUBLIC_URL>/gmail/push); empty: polling only.
    gmail_pubsub_topic: str = ""
    # The `aud` of the push subscription's OIDC token; empty: the push endpoint's URL (Pub/Sub's default).
    gmail_push_audience: str = ""
    gmail_push_certs_url: str = "https://www.googleapis.com/oauth2/v1/certs"
    # The service account the push subscription signs as; empty: any Google-signed token for the audience.
    gmail_push_service_account: str = ""
    public_url: str = "http://localhost:8080"
    web_host: str = "127.0.0.1"
    web_port: int = Field(default=8080, ge=0, le=65535)
    bot_mode: BotMode = BotMode.POLLING
    webhook_secret: SecretStr = SecretStr("")
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    log_level: str = "INFO"
    # Libraries (oauthlib, telegram, HTTP clients) log secrets and message text at DEBUG: off unless asked.
    log_libraries_debug: bool = False

    @field_validator("telegram_bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        # Empty (as .env.example leaves it) is "not configured": only running the bot needs the token.
        if (
            value is not None
            and value.get_secret_value().strip()
            and not _TOKEN_RE.match(value.get_secret_value())
        ):
            raise ValueError("expected the token from @BotFather, like 123456:ABC-def")
        return value

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        """Accept the plain URLs people copy (`postgresql://`, `sqlite://`) by choosing the async driver."""
        value = value.strip()
        if not value:
            return value
        scheme, separator, rest = value.partition("://")
        if not separator:
            raise ValueError("expected a URL like postgresql://user:password@host/database")
        driver = _ASYNC_DRIVERS.get(scheme.lower())
        if driver is None:
            raise ValueError(f"the {scheme}:// driver is not supported; use postgresql://… or sqlite:///…")
        return f"{driver}://{rest}"

    @field_validator("encryption_keys", "admin_ids", mode="before")
    @classmethod
    def _csv(cls, value: object) -> object:
        return _split_csv(value)

    @field_validator(
        "telegram_api_url",
        "telegram_link_url",
        "public_url",
        "google_auth_uri",
        "google_token_uri",
        "google_revoke_uri",
        "gmail_push_certs_url",
    )
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not _URL_RE.match(value):
            raise ValueError("expected an http(s) URL")
        return value.rstrip("/")

    @field_validator("gmail_api_url")
    @classmethod
    def _api_root(cls, value: str) -> str:
        if not _URL_RE.match(value):
            raise ValueError("expected an http(s) URL")
        return value.rstrip("/") + "/"

    @field_validator("gmail_pubsub_topic")
    @classmethod
    def _topic_shape(cls, value: str) -> str:
        value = value.strip()
        if value and not _TOPIC_RE.match(value):
            raise ValueError("expected projects/<project-id>/topics/<topic>")
        return value

    @field_validator("gmail_push_audience")
    @classmethod
    def _audience_shape(cls, value: str) -> str:
        value = value.strip()
        if value and not _URL_RE.match(value):
            raise ValueError("expected the http(s) URL the push subscription names as its audience")
        return value

    @field_validator("gmail_push_service_account")
    @classmethod
    def _service_account_shape(cls, value: str) -> str:
        value = value.strip().lower()
        if value and not _EMAIL_RE.match(value):
            raise ValueError("expected a service account's e-mail address")
        return value

    @field_validator("encryption_keys")
    @classmethod
    def _fernet_keys(cls, value: list[SecretStr]) -> list[SecretStr]:
        for index, key in enumerate(value, start=1):
            if not is_valid_key(key.get_secret_value()):
                raise ValueError(f"key {index} is not a Fernet key (32 url-safe base64-encoded bytes)")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _secret_shape(cls, value: SecretStr) -> SecretStr:
        if value.get_secret_value() and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()):
            raise ValueError("expected 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.bot_mode is BotMode.WEBHOOK and not self.webhook_secret.get_secret_value():
            raise ValueError("WEBHOOK_SECRET is required when BOT_MODE is webhook")
        return self

    @model_validator(mode="after")
    def _sent_check_outlasts_google(self) -> Settings:
        # A starting instance looks in Sent for this long before it would send an unsure letter again;
        # a Gmail answer may take up to GOOGLE_TIMEOUT_SECONDS to arrive, so a shorter look sends twice.
        if self.sent_check_seconds <= self.google_timeout_seconds:
            raise ValueError(
                f"SENT_CHECK_SECONDS ({self.sent_check_seconds:g}) must be above "
                f"GOOGLE_TIMEOUT_SECONDS ({self.google_timeout_seconds:g}): a letter whose Gmail answer was "
                "lost could otherwise be sent twice"
            )
        return self

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        if value.upper() not in _LOG_LEVELS:
            raise ValueError(f"expected one of {', '.join(_LOG_LEVELS)}")
        return value.upper()

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite+aiosqlite:///{self.data_dir / 'bot.db'}"

    def bot_token(self) -> str:
        """The token, required to run the bot (not for maintenance commands)."""
        if self.telegram_bot_token is None:
            raise ConfigError("TELEGRAM_BOT_TOKEN is required but not set (get one from @BotFather)")
        token = self.telegram_bot_token.get_secret_value()
        if not token.strip():
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN is empty: put the token from @BotFather into it "
                "(or try the bot without one: python -m bot sandbox)"
            )
        return token

    @property
    def redirect_uri(self) -> str:
        return f"{self.public_url.rstrip('/')}/oauth/callback"

    @property
    def push_enabled(self) -> bool:
        return bool(self.gmail_pubsub_topic)

    @property
    def push_endpoint(self) -> str:
        return f"{self.public_url.rstrip('/')}/gmail/push"

    @property
    def push_audience(self) -> str:
        return self.gmail_push_audience or self.push_endpoint

    @property
    def reply_poll(self) -> timedelta:
        """How often accounts are read for replies: REPLY_POLL_SECONDS, or the safety net's slower pace
        when push is on (a push brings a reply at once; polling only catches what a push missed)."""
        seconds = self.reply_poll_seconds
        if self.push_enabled:
            seconds = max(seconds, PUSH_SAFETY_POLL_SECONDS)
        return timedelta(seconds=seconds)

    @property
    def has_google(self) -> bool:
        return bool(self.google_client_id and self.google_client_secret.get_secret_value())


class ConfigError(Exception):
    """A setting is missing or malformed; the message is one line naming the variable (exit code 2)."""


class ServiceUnreachable(Exception):
    """A service the bot needs does not answer; the message is one line naming it (exit code 1)."""


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning pydantic's report into one clear line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        error = exc.errors()[0]
        reason = str(error["msg"]).removeprefix("Value error, ")
        if not error["loc"]:  # a rule across settings names its variables itself
            raise ConfigError(reason) from None
        variable = str(error["loc"][0]).upper()
        if error["type"] == "missing":
            raise ConfigError(f"{variable} is required but not set") from None
        raise ConfigError(f"{variable} is malformed: {reason}") from None
