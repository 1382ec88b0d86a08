"""Secrets and personal values are scrubbed from log lines by value, whatever format carries them."""

from __future__ import annotations

import io
import json
import logging
import secrets

from bot.log_secrets import REDACTED, SensitiveValues, keep_names_out_of_logs, keep_out_of_logs
from bot.logs import JsonFormatter


def _formatted(message: str, *args: object, **extra: object) -> str:
    record = logging.makeLogRecord({"msg": message, "args": args, "levelname": "DEBUG", **extra})
    return JsonFormatter().format(record)


def test_code_and_verifier_logged_as_a_dict_are_scrubbed() -> None:
    code, verifier = "4/0A" + secrets.token_urlsafe(20), secrets.token_urlsafe(64)
    keep_out_of_logs(code, verifier)
    # As oauthlib logs the token request body: a dict, where `code=` patterns do not match.
    line = _formatted("Prepared request body: %s", {"code": code, "code_verifier": verifier})
    assert code not in line
    assert verifier not in line
    assert REDACTED in line


def test_values_in_extra_fields_and_tracebacks_are_scrubbed() -> None:
    token = "ya29." + secrets.token_urlsafe(30)
    keep_out_of_logs(token)
    try:
        raise ValueError(f"refused {token}")
    except ValueError as error:
        record = logging.makeLogRecord(
            {"msg": "failed", "levelname": "ERROR", "exc_info": (type(error), error, error.__traceback__)}
        )
    record.detail = {"token": token}
    line = JsonFormatter().format(record)
    assert token not in line


def test_names_nested_in_an_update_are_registered() -> None:
    first, last = "Quirinus" + secrets.token_hex(3), "Zebedaeus" + secrets.token_hex(3)
    keep_names_out_of_logs({"result": [{"message": {"from": {"first_name": first, "last_name": last}}}]})
    line = _formatted("update %s", f"{first} {last} wrote")
    assert first not in line
    assert last not in line


def test_an_address_is_scrubbed_in_any_case() -> None:
    keep_out_of_logs("Mixed.Case@Example.org")
    assert "mixed.case@example.org" not in _formatted("%s", "to mixed.case@example.org")


def test_short_values_are_not_registered_so_words_survive() -> None:
    values = SensitiveValues()
    values.add("Al", "", None)
    assert values.scrub("Also all") == "Also all"


def test_longest_value_is_replaced_whole() -> None:
    values = SensitiveValues()
    values.add("Ann", "Ann Example")
    assert values.scrub("Ann Example wrote") == f"{REDACTED} wrote"


def test_the_set_is_bounded() -> None:
    values = SensitiveValues(max_values=2)
    values.add("first-value", "second-value", "third-value")
    assert values.scrub("first-value") == "first-value"
    assert values.scrub("third-value") == REDACTED


def test_log_lines_stay_json() -> None:
    stream = io.StringIO()
    keep_out_of_logs('quote"d-value')
    stream.write(_formatted("%s", 'quote"d-value'))
    assert json.loads(stream.getvalue())["event"] == REDACTED
