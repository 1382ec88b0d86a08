"""Gmail push settings: off unless a topic is set; when on, polling slows to the safety net's pace."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.config import ConfigError, load_settings

TOPIC = "projects/deletion-bot/topics/gmail"


def test_without_a_topic_push_is_off_and_polling_keeps_its_pace() -> None:
    settings = load_settings(reply_poll_seconds=120)
    assert not settings.push_enabled
    assert settings.reply_poll == timedelta(seconds=120)


def test_with_a_topic_polling_is_the_safety_net_every_15_minutes_at_most() -> None:
    settings = load_settings(gmail_pubsub_topic=TOPIC, reply_poll_seconds=120)
    assert settings.push_enabled
    assert settings.reply_poll == timedelta(minutes=15)
    assert load_settings(gmail_pubsub_topic=TOPIC, reply_poll_seconds=3600).reply_poll == timedelta(hours=1)


def test_audience_defaults_to_the_push_endpoint() -> None:
    settings = load_settings(gmail_pubsub_topic=TOPIC, public_url="https://bot.example/")
    assert settings.push_audience == "https://bot.example/gmail/push"
    custom = load_settings(gmail_pubsub_topic=TOPIC, gmail_push_audience="https://aud.example")
    assert custom.push_audience == "https://aud.example"


@pytest.mark.parametrize(
    ("setting", "value", "variable"),
    [
        ("gmail_pubsub_topic", "gmail", "GMAIL_PUBSUB_TOPIC"),
        ("gmail_pubsub_topic", "projects/x/topics/gmail", "GMAIL_PUBSUB_TOPIC"),
        ("gmail_pubsub_topic", "projects/deletion-bot/topics/g m", "GMAIL_PUBSUB_TOPIC"),
        ("gmail_push_audience", "bot", "GMAIL_PUSH_AUDIENCE"),
        ("gmail_push_certs_url", "file:///etc/passwd", "GMAIL_PUSH_CERTS_URL"),
        ("gmail_push_service_account", "nobody", "GMAIL_PUSH_SERVICE_ACCOUNT"),
    ],
)
def test_malformed_push_setting_names_its_variable(setting: str, value: str, variable: str) -> None:
    with pytest.raises(ConfigError, match=f"^{variable} is malformed"):
        load_settings(**{setting: value})
