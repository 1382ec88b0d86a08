"""Tokens and pending confirmations as encrypted JSON documents."""

from __future__ import annotations

import json
from datetime import datetime

from brokers.accounts import Tokens
from brokers.ports import SecretBox


def seal_tokens(box: SecretBox, tokens: Tokens) -> str:
    return box.encrypt(
        json.dumps(
            {
                "access_token": tokens.access_token,
                "refresh_token": tokens.refresh_token,
                "expiry": tokens.expiry.isoformat() if tokens.expiry else None,
                "scopes": sorted(tokens.scopes),
            }
        )
    )


def open_tokens(box: SecretBox, sealed: str) -> Tokens:
    data = json.loads(box.decrypt(sealed))
    expiry = datetime.fromisoformat(data["expiry"]) if data.get("expiry") else None
    return Tokens(
        access_token=data["access_token"],
        refresh_token=data.get("refresh_token"),
        expiry=expiry,
        scopes=frozenset(data.get("scopes", ())),
    )
