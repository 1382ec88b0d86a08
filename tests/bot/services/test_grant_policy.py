"""GrantPolicy: the host Google's warning names, and the 7-day life of a testing-mode grant."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.services.grant_policy import GrantPolicy

CONNECTED = datetime(2026, 11, 2, 9, tzinfo=UTC)


def test_policy_names_the_host_of_the_public_url() -> None:
    assert (
        GrantPolicy.for_site("https://bot.example.org:8443/", testing_mode=True).app_host == "bot.example.org"
    )


def test_testing_mode_grant_expires_after_7_days_with_a_reminder_a_day_before() -> None:
    policy = GrantPolicy("bot.example.org", testing_mode=True)
    assert policy.expires_at(CONNECTED) == CONNECTED + timedelta(days=7)
    assert policy.reminder_at(CONNECTED) == CONNECTED + timedelta(days=6)


def test_published_project_grant_has_no_expiry_and_no_reminder() -> None:
    policy = GrantPolicy("bot.example.org", testing_mode=False)
    assert (policy.expires_at(CONNECTED), policy.reminder_at(CONNECTED)) == (None, None)
    assert not policy.is_expected_expiry(CONNECTED, CONNECTED + timedelta(days=30))


def test_revocation_within_the_7_days_is_not_the_expected_expiry() -> None:
    policy = GrantPolicy("bot.example.org", testing_mode=True)
    assert not policy.is_expected_expiry(CONNECTED, CONNECTED + timedelta(days=2))
    assert policy.is_expected_expiry(CONNECTED, CONNECTED + timedelta(days=7))
