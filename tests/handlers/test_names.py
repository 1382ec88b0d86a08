"""Company names on buttons and in a parent's list of brands."""

from __future__ import annotations

import pytest

from handlers.names import brand_name, button_name


@pytest.mark.parametrize(
    ("name", "limit", "shown"),
    [
        ("Spokeo", 40, "Spokeo"),
        ("TruePeopleSearch (Free Data Services LLC)", 40, "TruePeopleSearch"),
        ("West Publishing Corporation (Thomson Reuters CLEAR)", 30, "West Publishing Corporation"),
        ("Adrea Rubin Media Inc dba Calibrant Digital", 24, "Adrea Rubin Media Inc…"),
        ("Deutsche Post Adress GmbH & Co. KG", 30, "Deutsche Post Adress GmbH…"),
        ("Supercalifragilisticexpialidocious Data", 12, "Supercalifr…"),
        ("(Only a note in parentheses that is long)", 12, "(Only a…"),
        ("  Acxiom  ", 10, "Acxiom"),
    ],
)
def test_a_button_name_fits_dropping_its_closing_note_first(name: str, limit: int, shown: str) -> None:
    assert button_name(name, limit) == shown
    assert len(button_name(name, limit)) <= limit


@pytest.mark.parametrize(
    ("name", "parent", "shown"),
    [
        ("Bumper (BeenVerified family)", "BeenVerified", "Bumper"),
        ("PeopleLooker (BeenVerified)", "BeenVerified", "PeopleLooker"),
        ("CRIF GmbH (Austria)", "CRIF", "CRIF GmbH (Austria)"),
        ("NeighborWho", "BeenVerified", "NeighborWho"),
        ("(BeenVerified)", "BeenVerified", "(BeenVerified)"),
        ("Odd (name", "Odd", "Odd (name"),
    ],
)
def test_a_brand_drops_only_a_note_that_names_its_parent(name: str, parent: str, shown: str) -> None:
    assert brand_name(name, parent) == shown
