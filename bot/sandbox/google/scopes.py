"""OAuth scope names the fake knows, and which of them unlock which Gmail methods."""

from __future__ import annotations

GMAIL = "https://www.googleapis.com/auth/gmail."
FULL_MAIL = "https://mail.google.com/"
READONLY = GMAIL + "readonly"
METADATA = GMAIL + "metadata"
SEND = GMAIL + "send"
MODIFY = GMAIL + "modify"
COMPOSE = GMAIL + "compose"
LABELS = GMAIL + "labels"
INSERT = GMAIL + "insert"
ADDON_ACTION = GMAIL + "addons.current.message.action"
ADDON_METADATA = GMAIL + "addons.current.message.metadata"
ADDON_READONLY = GMAIL + "addons.current.message.readonly"
ADDON_COMPOSE = GMAIL + "addons.current.action.compose"

SIGN_IN = frozenset(
    {
        "openid",
        "email",
        "profile",
        "https://www.googleapis.com/auth/userinfo.email",
        "https://www.googleapis.com/auth/userinfo.profile",
    }
)
KNOWN = SIGN_IN | {
    FULL_MAIL,
    READONLY,
    METADATA,
    SEND,
    MODIFY,
    COMPOSE,
    LABELS,
    INSERT,
    ADDON_ACTION,
    ADDON_METADATA,
    ADDON_READONLY,
    ADDON_COMPOSE,
}

# Scope lists copied from the methods' "scopes" in the packaged gmail.v1.json (revision 20261005).
_READERS = frozenset({FULL_MAIL, METADATA, MODIFY, READONLY})
PROFILE_SCOPES = _READERS | {COMPOSE}
LIST_SCOPES = _READERS
HISTORY_SCOPES = _READERS
GET_SCOPES = _READERS | {ADDON_ACTION, ADDON_METADATA, ADDON_READONLY}
THREAD_SCOPES = GET_SCOPES
SEND_SCOPES = frozenset({FULL_MAIL, ADDON_COMPOSE, COMPOSE, MODIFY, SEND})


def is_metadata_only(scopes: frozenset[str]) -> bool:
    """Say whether Gmail applies the metadata restrictions (no `q`, no full/raw) to a token.

    Users report that a token carrying gmail.metadata next to gmail.readonly is still restricted
    (PLATFORM.md G6), so only the full-mail scope lifts it here.
    """
    return METADATA in scopes and FULL_MAIL not in scopes


def normalise(raw: str) -> tuple[str, ...]:
    """Split a space-separated scope parameter, keeping order and dropping repeats."""
    return tuple(dict.fromkeys(raw.split()))
