"""Tests for the tiny template renderer behind the letters."""

import pytest

from brokers.errors import TemplateError
from brokers.letters.render import render_template


def render(source: str, values: dict[str, str] | None = None, **flags: bool) -> str:
    return render_template(source, values or {}, flags, name="test.txt")


def test_if_keeps_or_drops_whole_lines() -> None:
    source = "a\n#if on\nb\n#endif\n#if off\nc\n#endif\nd"
    assert render(source, on=True, off=False) == "a\nb\nd\n"


def test_else_and_negation() -> None:
    source = "#if !x\nnot x\n#else\nx\n#endif"
    assert render(source, x=False) == "not x\n"
    assert render(source, x=True) == "x\n"


def test_blocks_nest() -> None:
    source = "#if a\n#if b\nab\n#else\na only\n#endif\n#endif"
    assert render(source, a=True, b=False) == "a only\n"
    assert render(source, a=False, b=True) == ""


def test_dropped_blocks_leave_at_most_one_blank_line() -> None:
    source = "para 1\n\n#if gone\ntext\n\n#endif\n\npara 2"
    assert render(source, gone=False) == "para 1\n\npara 2\n"


def test_values_are_inserted_once_and_never_reinterpreted() -> None:
    assert render("Hi $name, $$5", {"name": "$other ${x} #if a"}) == "Hi $other ${x} #if a, $5\n"


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("#if nope\nx\n#endif", "unknown flag 'nope'"),
        ("#if a\nx", "#if without #endif"),
        ("x\n#endif", "#endif without #if"),
        ("$missing", "unknown placeholder 'missing'"),
        ("a $ b", "Invalid placeholder"),
    ],
)
def test_malformed_templates_are_reported(source: str, problem: str) -> None:
    with pytest.raises(TemplateError, match=problem):
        render(source, a=True)
