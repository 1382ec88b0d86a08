"""How companies write their From lines: the forms broker mail takes, for seeding mailboxes."""

from __future__ import annotations

import base64
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SenderForm:
    """A way a company writes From (and sometimes Reply-To) on its mail."""

    sender: str
    reply_to: str | None = None


def realistic_sender_forms(domain: str, brand: str) -> list[SenderForm]:
    """The shapes broker mail takes: subdomains, encoded names, capitals, +tags, an ESP with Reply-To."""
    encoded = base64.b64encode(f"{brand} Datenschutz · Privacy".encode()).decode()
    return [
        SenderForm(f'"{brand}" <no-reply@mail.{domain}>'),
        SenderForm(f"{brand} <privacy@{domain}>"),
        SenderForm(f"=?UTF-8?B?{encoded}?= <privacy@{domain}>"),
        SenderForm(f"{brand.upper()} <INFO@{domain.upper()}>"),
        SenderForm(f"<support+ticket-{len(domain)}@{domain}>"),
        SenderForm(f"{brand} Support <support@{brand.lower()}.zendesk.com>", reply_to=f"support@{domain}"),
    ]


def brand_of(domain: str) -> str:
    return domain.split(".")[0].replace("-", " ").title()
