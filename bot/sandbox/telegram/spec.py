"""Checks each call's method and parameter names against the Bot API spec (a JSON scraped from the docs)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SPEC_RELATIVE_PATH = Path("shared/data/telegram-bot-api-spec.json")


def find_spec_path(start: Path | None = None) -> Path | None:
    """Walk up from `start` (default: this file) to the first folder holding shared/data/<spec>."""
    here = (start or Path(__file__)).resolve()
    for folder in [here, *here.parents]:
        candidate = folder / SPEC_RELATIVE_PATH
        if candidate.is_file():
            return candidate
    return None


class SpecChecker:
    """Knows every method of the spec with its parameter names and which of them are required."""

    def __init__(self, methods: dict[str, dict[str, bool]]) -> None:
        self._methods = {name.lower(): (name, fields) for name, fields in methods.items()}

    @classmethod
    def load(cls, path: Path) -> SpecChecker:
        document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        methods = {
            name: {field["name"]: bool(field.get("required")) for field in method.get("fields", [])}
            for name, method in document["methods"].items()
        }
        return cls(methods)

    def canonical(self, method: str) -> str | None:
        """The spec's spelling of a method name (the Bot API matches names case-insensitively)."""
        entry = self._methods.get(method.lower())
        return entry[0] if entry else None

    def violations(self, method: str, params: dict[str, Any]) -> list[str]:
        entry = self._methods.get(method.lower())
        if entry is None:
            return [f"{method}: unknown method"]
        name, fields = entry
        found = [f"{name}: unknown parameter {param!r}" for param in params if param not in fields]
        found += [
            f"{name}: missing required parameter {field!r}"
            for field, required in fields.items()
            if required and field not in params
        ]
        return found
