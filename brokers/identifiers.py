"""Which of a person's details a company needs to find them: defaults by kind and category, and the choice.

A catalog record may list its `identifiers`; without them, the default of its kind and category applies.
A letter carries only the identifiers its company needs that the person gave (`shared_identifiers`), so a
postal address or phone number never reaches a company that finds people by e-mail.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from brokers.profile import Profile


class Identifier(StrEnum):
    """What a company needs to find a person's record."""

    NAME = "name"
    EMAIL = "email"
    OTHER_EMAILS = "other_emails"
    POSTAL_ADDRESS = "postal_address"
    PHONE = "phone"
    DATE_OF_BIRTH = "date_of_birth"


_NAME_EMAIL: Final = (Identifier.NAME, Identifier.EMAIL)
# Sites that build a profile of a person link every address, e-mail and number they can find.
_PROFILE_BUILDERS: Final = (
    Identifier.NAME,
    Identifier.EMAIL,
    Identifier.OTHER_EMAILS,
    Identifier.POSTAL_ADDRESS,
)

_BROKER_DEFAULTS: Final[dict[str, tuple[Identifier, ...]]] = {
    "people_search": _PROFILE_BUILDERS,
    "background_check": (*_PROFILE_BUILDERS, Identifier.DATE_OF_BIRTH),
    "data_aggregator": _PROFILE_BUILDERS,
    # Credit agencies key their files on name, address and birth date, not on e-mail.
    "financial_data": (Identifier.NAME, Identifier.POSTAL_ADDRESS, Identifier.DATE_OF_BIRTH),
    # Fraud-prevention databases match e-mail and phone number.
    "identity_risk": (*_NAME_EMAIL, Identifier.PHONE),
}


def default_identifiers(kind: str, category: str) -> tuple[Identifier, ...]:
    """What a record of this kind and category needs unless it says otherwise.

    A company (an account holder) and most marketers know the person by the address they write to.
    """
    if kind == "company":
        return _NAME_EMAIL
    return _BROKER_DEFAULTS.get(category, _NAME_EMAIL)


def shared_identifiers(profile: Profile, needs: tuple[Identifier, ...]) -> tuple[Identifier, ...]:
    """The person's details a letter to a company needing `needs` carries, in a fixed order.

    The name always goes (a request must say who makes it, and the letter is signed) and so does the
    sending address (it is the letter's sender); anything else only when needed and given.
    """
    given = {
        Identifier.NAME: True,
        Identifier.EMAIL: True,
        Identifier.OTHER_EMAILS: bool(profile.other_emails),
        Identifier.POSTAL_ADDRESS: bool(profile.postal_address),
        Identifier.PHONE: bool(profile.phone),
        Identifier.DATE_OF_BIRTH: False,
    }
    always = {Identifier.NAME, Identifier.EMAIL}
    return tuple(i for i in Identifier if given[i] and (i in always or i in needs))


@dataclass(frozen=True, slots=True)
class SharedDetails:
    """The person's details one letter carries: what `shared_identifiers` allows, nothing more."""

    identifiers: tuple[Identifier, ...]
    full_name: str
    other_emails: tuple[str, ...] = ()
    postal_address: str | None = None
    phone: str | None = None


def shared_details(profile: Profile, needs: tuple[Identifier, ...], *, sender: str) -> SharedDetails:
    """The values behind `shared_identifiers`; `sender` (the sending address) is not repeated."""
    shared = shared_identifiers(profile, needs)
    others = (
        tuple(e for e in profile.other_emails if e != sender) if Identifier.OTHER_EMAILS in shared else ()
    )
    if not others:
        shared = tuple(i for i in shared if i is not Identifier.OTHER_EMAILS)
    return SharedDetails(
        identifiers=shared,
        full_name=profile.full_name or "",
        other_emails=others,
        postal_address=profile.postal_address if Identifier.POSTAL_ADDRESS in shared else None,
        phone=profile.phone if Identifier.PHONE in shared else None,
    )
