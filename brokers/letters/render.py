"""A tiny, safe template renderer: line directives for optional parts, then one `string.Template` pass.

Syntax, one directive per line:

    #if flag        keep the following lines only when `flag` is true (`#if !flag`: when it is false)
    #else
    #endif          blocks nest

and `$name` / `${name}` placeholders (`$$` for a dollar sign). Directives are resolved before any value is
inserted, and values are inserted in a single pass, so user input containing `$law`, `{x}` or `#if` stays
literal text. Runs of blank lines left by dropped blocks collapse to one, so optional details never leave
gaps.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from string import Template

from brokers.errors import TemplateError

_DIRECTIVE = re.compile(r"#(if|else|endif)\b\s*(!?)(\w*)\s*$")
_BLANK_RUN = re.compile(r"\n{3,}")


def render_template(source: str, values: Mapping[str, str], flags: Mapping[str, bool], *, name: str) -> str:
    """Resolve the directives of `source` against `flags`, then fill in `values`."""
    kept = _resolve_blocks(source, flags, name)
    try:
        filled = Template(kept).substitute(values)
    except KeyError as exc:
        raise TemplateError(name, f"unknown placeholder {exc.args[0]!r}") from None
    except ValueError as exc:
        raise TemplateError(name, str(exc)) from None
    return _tidy(filled)


def _resolve_blocks(source: str, flags: Mapping[str, bool], name: str) -> str:
    # Each entry: (this block is active, some branch of it has already been taken).
    stack: list[tuple[bool, bool]] = []
    out: list[str] = []
    for line in source.splitlines():
        match = _DIRECTIVE.match(line)
        if match is None:
            if all(active for active, _ in stack):
                out.append(line)
            continue
        keyword, negate, flag = match.groups()
        if keyword == "if":
            if flag not in flags:
                raise TemplateError(name, f"unknown flag {flag!r}")
            value = flags[flag] != bool(negate)
            stack.append((value, value))
        elif not stack:
            raise TemplateError(name, f"#{keyword} without #if")
        elif keyword == "else":
            _, taken = stack.pop()
            stack.append((not taken, True))
        else:
            stack.pop()
    if stack:
        raise TemplateError(name, "#if without #endif")
    return "\n".join(out)


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.splitlines()]
    tidy = _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip()
    return f"{tidy}\n" if tidy else ""
