"""Inline keyboards, built from callback data of handlers.callbacks."""

from __future__ import annotations

from collections.abc import Iterable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Text
from bot.i18n.locale_names import alphabetical_key, country_name, jurisdiction_label, language_name
from brokers.jurisdictions import CANADA, EEA_COUNTRIES, OTHER, UNITED_KINGDOM, US_STATES
from brokers.profile import SUPPORTED_LANGUAGES, NoticePace, ProfileField, Step
from handlers.callbacks import Action, button_data


def _button(text: str, action: Action, arg: str = "", epoch: str = "") -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=button_data(action, arg, epoch))


def _rows(buttons: Iterable[InlineKeyboardButton], per_row: int) -> list[list[InlineKeyboardButton]]:
    items = list(buttons)
    return [items[i : i + per_row] for i in range(0, len(items), per_row)]


def consent_keyboard(t: Text) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(t("I agree, let's start"), Action.CONSENT, "ok")]])


def skip_keyboard(t: Text, step: Step, epoch: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(t("Skip"), Action.SKIP, step.value, epoch)]])


def region_keyboard(t: Text, epoch: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(t("EU / EEA"), Action.REGION, "EU", epoch),
                _button(country_name(UNITED_KINGDOM, t.language), Action.JURISDICTION, UNITED_KINGDOM, epoch),
            ],
            [
                _button(t("United States"), Action.REGION, "US", epoch),
                _button(country_name(CANADA, t.language), Action.JURISDICTION, CANADA, epoch),
            ],
            [_button(t("Somewhere else"), Action.JURISDICTION, OTHER, epoch)],
        ]
    )


def countries_keyboard(t: Text, region: str, epoch: str) -> InlineKeyboardMarkup:
    codes = EEA_COUNTRIES if region == "EU" else tuple(US_STATES)
    names = {code: jurisdiction_label(code, t.language) for code in codes}
    buttons = [
        _button(names[code], Action.JURISDICTION, code, epoch)
        for code in sorted(codes, key=lambda code: alphabetical_key(names[code]))
    ]
    rows = _rows(buttons, 3)
    rows.append([_button(t("« Back"), Action.REGION, "", epoch)])
    return InlineKeyboardMarkup(rows)


def language_keyboard(epoch: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[_button(language_name(code), Action.LANGUAGE, code, epoch) for code in SUPPORTED_LANGUAGES]]
    )


def main_menu(t: Text, epoch: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button(t("Connect Gmail"), Action.MENU, "connect", epoch)],
            [
                _button(t("Settings"), Action.MENU, "settings", epoch),
                _button(t("My data"), Action.MENU, "privacy", epoch),
            ],
        ]
    )


def settings_keyboard(t: Text, epoch: str, *, share_domains: bool = False) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(t("Name"), Action.EDIT, ProfileField.NAME.value, epoch),
                _button(t("Other e-mails"), Action.EDIT, ProfileField.EMAILS.value, epoch),
            ],
            [
                _button(t("Postal address"), Action.EDIT, ProfileField.ADDRESS.value, epoch),
                _button(t("Country / state"), Action.EDIT, "jurisdiction", epoch),
            ],
            [
                _button(t("Language"), Action.EDIT, "language", epoch),
                _button(t("Time zone"), Action.EDIT, ProfileField.TIMEZONE.value, epoch),
            ],
            [
                _button(t("Phone"), Action.EDIT, ProfileField.PHONE.value, epoch),
                _button(t("Quiet hours"), Action.EDIT, "quiet", epoch),
            ],
            [_button(t("Routine updates"), Action.EDIT, "pace", epoch)],
            [
                _button(
                    t("Stop sharing unknown senders") if share_domains else t("Share unknown senders"),
                    Action.EDIT,
                    "share-off" if share_domains else "share-on",
                    epoch,
                )
            ],
        ]
    )


def editing_keyboard(t: Text, field: ProfileField, epoch: str) -> InlineKeyboardMarkup:
    row = [_button(t("Cancel"), Action.EDIT, "cancel", epoch)]
    if field is not ProfileField.NAME:
        row.insert(0, _button(t("Remove"), Action.CLEAR, field.value, epoch))
    return InlineKeyboardMarkup([row])


def forget_keyboard(t: Text, epoch: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(t("Yes, erase everything"), Action.FORGET, "yes", epoch),
                _button(t("No, keep it"), Action.FORGET, "no", epoch),
            ]
        ]
    )


QUIET_PRESETS = ("22-8", "23-7", "21-9", "off")


def pace_keyboard(t: Text, epoch: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(t("Weekly digest"), Action.PACE, NoticePace.WEEKLY.value, epoch),
                _button(t("Immediately"), Action.PACE, NoticePace.IMMEDIATE.value, epoch),
            ]
        ]
    )


def quiet_keyboard(t: Text, epoch: str) -> InlineKeyboardMarkup:
    labels = {"off": t("No quiet hours")}
    return InlineKeyboardMarkup(
        [[_button(labels.get(p, p.replace("-", "–") + " h"), Action.QUIET, p, epoch) for p in QUIET_PRESETS]]
    )
