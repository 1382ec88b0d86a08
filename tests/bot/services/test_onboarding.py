"""OnboardingService: consent once, one question at a time, settings edits that stay put, bad input."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.services.onboarding import Changed, OnboardingService, Unchanged
from brokers.profile import Profile, ProfileField, Step
from brokers.profile_input import Problem, Rejected
from tests.clock import FakeClock
from tests.factories import ANN, a_user, given_user
from tests.fakes.memory import MemoryUnitOfWorkFactory


@pytest.fixture
def onboarding(uow: MemoryUnitOfWorkFactory, clock: FakeClock) -> OnboardingService:
    return OnboardingService(uow, clock)


async def test_consent_stores_the_person_in_their_telegram_language(
    onboarding: OnboardingService, clock: FakeClock
) -> None:
    outcome = await onboarding.consent(ANN, "de-AT")
    stored = await onboarding.user(ANN)
    assert isinstance(outcome, Changed)
    assert outcome.user == stored
    assert stored is not None
    assert (stored.language, stored.step, stored.consent_at) == ("de", Step.NAME, clock.now())


async def test_consent_in_an_unsupported_language_falls_back_to_english(
    onboarding: OnboardingService,
) -> None:
    await onboarding.consent(ANN, "pt-BR")
    stored = await onboarding.user(ANN)
    assert stored is not None
    assert stored.language == "en"


async def test_second_consent_changes_nothing_and_is_audited_once(
    onboarding: OnboardingService, uow: MemoryUnitOfWorkFactory
) -> None:
    first = await onboarding.consent(ANN, "en")
    second = await onboarding.consent(ANN, "de")
    async with uow() as unit:
        audit = await unit.audit.recent()
    assert isinstance(first, Changed)
    assert second == Unchanged(first.user)
    assert [entry["action"] for entry in audit] == ["consent"]


async def test_name_answers_the_first_question_and_asks_the_next(onboarding: OnboardingService) -> None:
    await onboarding.consent(ANN, "en")
    outcome = await onboarding.submit_text(ANN, "  Ann   Example ")
    assert isinstance(outcome, Changed)
    assert (outcome.user.profile.full_name, outcome.user.step) == ("Ann Example", Step.EMAILS)


async def test_empty_name_is_rejected_and_the_question_stays(onboarding: OnboardingService) -> None:
    await onboarding.consent(ANN, "en")
    outcome = await onboarding.submit_text(ANN, " \u200b ")
    stored = await onboarding.user(ANN)
    assert outcome == Rejected(Problem.EMPTY)
    assert stored is not None
    assert (stored.step, stored.profile.full_name) == (Step.NAME, None)


async def test_text_from_someone_who_never_consented_changes_nothing(onboarding: OnboardingService) -> None:
    assert await onboarding.submit_text(ANN, "Ann") == Unchanged(None)
    assert await onboarding.user(ANN) is None


async def test_text_when_no_question_is_open_changes_nothing(
    onboarding: OnboardingService, uow: MemoryUnitOfWorkFactory
) -> None:
    user = await given_user(uow)
    assert await onboarding.submit_text(ANN, "hello") == Unchanged(user)


async def test_skip_of_an_optional_question_moves_on_once(
    onboarding: OnboardingService, uow: MemoryUnitOfWorkFactory
) -> None:
    await given_user(uow, step=Step.EMAILS)
    first = await onboarding.skip(ANN, Step.EMAILS)
    second = await onboarding.skip(ANN, Step.EMAILS)
    assert isinstance(first, Changed)
    assert first.user.step is Step.ADDRESS
    assert second == Unchanged(first.user)


async def test_name_cannot_be_skipped(onboarding: OnboardingService, uow: MemoryUnitOfWorkFactory) -> None:
    user = await given_user(uow, step=Step.NAME)
    assert await onboarding.skip(ANN, Step.NAME) == Unchanged(user)


async def test_jurisdiction_answer_moves_to_the_language_question(
    onboarding: OnboardingService, uow: MemoryUnitOfWorkFactory
) -> None:
    await given_user(uow, step=Step.JURISDICTION)
    outcome = await onboarding.set_jurisdiction(ANN, "DE")
    assert isinstance(outcome, Changed)
    assert (outcome.user.jurisdiction, outcome.user.step) == ("DE", Step.LANGUAGE)


async def test_unknown_jurisdiction_is_ignored(
    onboarding: OnboardingService, uow: MemoryUnitOfWorkFactory
) -> None:
    user = await given_user(uow, step=Step.JURISDICTION)
    assert await onboarding.set_jurisdiction(ANN, "XX") == Unchanged(None)
    assert await onboarding.user(ANN) == user


async def test_jurisdiction_changed_in_settings_keeps_the_person_done(
    onboarding: OnboardingService, uow: MemoryUnitOfWorkFactory
) -> None:
    await given_user(uow)
    outcome = await onboarding.set_jurisdiction(ANN, "US-CA")
    assert isinstance(outcome, Changed)
    assert (outcome.user.jurisdiction, outcome.user.step) == ("US-CA", Step.DONE)


async def test_unsupported_language_is_ignored(
    onboarding: OnboardingService, uow: MemoryUnitOfWorkFactory
) -> None:
    await given_user(uow, step=Step.LANGUAGE)
    assert await onboarding.set_language(ANN, "xx") == Unchanged(None)


async def test_language_answer_finishes_onboarding(
    onboarding: OnboardingService, uow: MemoryUnitOfWorkFactory
) -> None:
    await given_user(uow, step=Step.LANGUAGE)
    outcome = await onboarding.set_language(ANN, "de")
    assert isinstance(outcome, Changed)
    assert (outcome.user.language, outcome.user.is_onboarded) == ("de", True)


async def test_edited_detail_is_replaced_and_editing_ends(
    onboarding: OnboardingService, uow: MemoryUnitOfWorkFactory
) -> None:
    await given_user(uow)
    await onboarding.start_editing(ANN, ProfileField.ADDRESS)
    outcome = await onboarding.submit_text(ANN, "2 High St\n\nLondon")
    assert isinstance(outcome, Changed)
    assert outcome.user == replace(
        a_user(), profile=replace(a_user().profile, postal_address="2 High St\nLondon")
    )


async def test_invalid_time_zone_is_rejected_while_editing(
    onboarding: OnboardingService, uow: MemoryUnitOfWorkFactory
) -> None:
    await given_user(uow)
    await onboarding.start_editing(ANN, ProfileField.TIMEZONE)
    outcome = await onboarding.submit_text(ANN, "Mars/Olympus")
    stored = await onboarding.user(ANN)
    assert isinstance(outcome, Rejected)
    assert stored is not None
    assert (stored.timezone, stored.editing) == ("UTC", ProfileField.TIMEZONE)


async def test_clearing_an_optional_detail_removes_it(
    onboarding: OnboardingService, uow: MemoryUnitOfWorkFactory
) -> None:
    await given_user(uow)
    outcome = await onboarding.clear_field(ANN, ProfileField.EMAILS)
    assert isinstance(outcome, Changed)
    assert outcome.user.profile == Profile(full_name="Ann Example")


async def test_name_cannot_be_cleared(onboarding: OnboardingService, uow: MemoryUnitOfWorkFactory) -> None:
    user = await given_user(uow)
    assert await onboarding.clear_field(ANN, ProfileField.NAME) == Unchanged(None)
    assert await onboarding.user(ANN) == user


async def test_cancel_editing_when_not_editing_changes_nothing(
    onboarding: OnboardingService, uow: MemoryUnitOfWorkFactory
) -> None:
    user = await given_user(uow)
    assert await onboarding.cancel_editing(ANN) == Unchanged(user)


async def test_quiet_hours_are_stored(onboarding: OnboardingService, uow: MemoryUnitOfWorkFactory) -> None:
    await given_user(uow)
    outcome = await onboarding.set_quiet_hours(ANN, 22, 7)
    assert isinstance(outcome, Changed)
    assert (outcome.user.quiet_start, outcome.user.quiet_end) == (22, 7)


@pytest.mark.parametrize(("start", "end"), [(22, None), (None, 7), (24, 7), (-1, 7)])
async def test_incomplete_or_impossible_quiet_hours_are_ignored(
    onboarding: OnboardingService, uow: MemoryUnitOfWorkFactory, start: int | None, end: int | None
) -> None:
    await given_user(uow)
    assert await onboarding.set_quiet_hours(ANN, start, end) == Unchanged(None)


async def test_drop_submission_is_dated_now(
    onboarding: OnboardingService, uow: MemoryUnitOfWorkFactory, clock: FakeClock
) -> None:
    await given_user(uow, jurisdiction="US-CA")
    outcome = await onboarding.record_drop(ANN)
    assert isinstance(outcome, Changed)
    assert outcome.user.drop_submitted_at == clock.now()


async def test_writing_again_after_blocking_resumes_pushes(
    onboarding: OnboardingService, uow: MemoryUnitOfWorkFactory
) -> None:
    await given_user(uow, active=False)
    await onboarding.reactivate(ANN)
    stored = await onboarding.user(ANN)
    assert stored is not None
    assert stored.active is True
