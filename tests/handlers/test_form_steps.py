"""A form-only people-search site's card says the steps of its opt-out, numbered, in the person's language."""

from __future__ import annotations

from bot.i18n import Text
from brokers.catalog import FormStep, load_bundled
from handlers.requests import form_step_lines


def test_steps_are_numbered_in_order_and_translated() -> None:
    steps = (FormStep.SEARCH_LISTING, FormStep.COPY_LISTING_URL, FormStep.CONFIRM_EMAIL)
    english = form_step_lines(Text("en"), steps)
    assert english[0] == "Steps:"
    assert english[1] == "1. Search the site for your own listing first."
    assert english[3].startswith("3. Open the confirmation link")
    german = form_step_lines(Text("de"), steps)
    assert german[1] == "1. Suche zuerst auf der Seite nach deinem eigenen Eintrag."


def test_a_form_without_steps_adds_nothing() -> None:
    assert form_step_lines(Text("en"), ()) == []


def test_form_only_people_search_sites_of_the_catalog_carry_steps() -> None:
    catalog = load_bundled()
    form_only = [b for b in catalog.brokers if b.category == "people_search" and not b.can_email]
    assert len(form_only) >= 100
    assert [b.id for b in form_only if not b.opt_out_steps] == []
    # A guide's own steps win over the usual two.
    clustal = next(b for b in catalog.brokers if "clustal.org" in b.domains)
    assert clustal.opt_out_steps[:2] == (FormStep.SEARCH_LISTING, FormStep.COPY_LISTING_URL)


def test_a_company_form_has_no_listing_steps() -> None:
    company = next(b for b in load_bundled().brokers if b.kind == "company" and b.form_url)
    assert company.opt_out_steps == company.form_steps == ()
