"""Whole seconds and whole days between two timestamp columns, in each database's own dialect.

SQLite stores timestamps as text and has no interval type; PostgreSQL subtracts them to an interval.
Both truncate towards zero (a CAST in PostgreSQL would round), so the histograms agree across the two.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement
from sqlalchemy.sql.roles import ExpressionElementRole


class _Between(FunctionElement[int]):
    type = Integer()
    inherit_cache = True
    unit_seconds = 1

    def __init__(self, start: ExpressionElementRole[Any], end: ExpressionElementRole[Any]) -> None:
        super().__init__(start, end)


class whole_seconds(_Between):
    name = "whole_seconds"
    inherit_cache = True


class whole_days(_Between):
    name = "whole_days"
    inherit_cache = True
    unit_seconds = 86400


def _arguments(element: _Between, compiler: Any, **kw: Any) -> tuple[str, str]:
    start, end = list(element.clauses)
    return compiler.process(start, **kw), compiler.process(end, **kw)


@compiles(_Between, "sqlite")
def _sqlite(element: _Between, compiler: Any, **kw: Any) -> str:
    start, end = _arguments(element, compiler, **kw)
    return f"CAST((julianday({end}) - julianday({start})) * {86400 // element.unit_seconds} AS INTEGER)"


@compiles(_Between, "postgresql")
def _postgresql(element: _Between, compiler: Any, **kw: Any) -> str:
    start, end = _arguments(element, compiler, **kw)
    return f"CAST(trunc(extract(epoch FROM ({end} - {start})) / {element.unit_seconds}) AS INTEGER)"
