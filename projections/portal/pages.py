"""Keyset pagination: a page is the rows after the last sort key of the previous page.

The cursor is the opaque URL-safe base64 of the last row's sort key (JSON). Every sort key
ends with a unique, immutable column, so a row that exists on both sides of a page boundary
is listed exactly once, whatever was written in between (rows added after the boundary's
key show on a later page; none shifts into or out of an earlier one, as OFFSET would).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

import duckdb

MAX_LIMIT = 200
DEFAULT_LIMIT = 50


class InvalidCursor(ValueError):
    """The cursor is not one this API gave out (or not for this list)."""


@dataclass(frozen=True)
class SortKey:
    """One column of a list's order: its SQL expression, and how its values are written."""

    column: str
    kind: str = "str"  # "str", "int", "date", "uuid"


@dataclass(frozen=True)
class Page:
    """One page of a list: its rows (as dicts) and the cursor of the next page, if any."""

    items: list[dict[str, Any]]
    next: str | None


def encode_cursor(values: Sequence[Any]) -> str:
    """The opaque cursor of a sort key."""
    plain = [v.isoformat() if isinstance(v, date) else v if v is None else str(v) for v in values]
    raw = json.dumps(plain, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, keys: Sequence[SortKey]) -> list[Any]:
    """The sort key a cursor holds, typed as the list's keys (InvalidCursor if it cannot be)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise InvalidCursor("the cursor is not one this API gave out") from None
    if not isinstance(values, list) or len(values) != len(keys):
        raise InvalidCursor("the cursor belongs to another list")
    try:
        return [_typed(value, key.kind) for value, key in zip(values, keys, strict=True)]
    except (TypeError, ValueError):
        raise InvalidCursor("the cursor belongs to another list") from None


def _typed(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "int":
        number = int(value)
        if abs(number) >= 2**62:
            raise ValueError("out of range")
        return number
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "uuid":
        return UUID(value)
    text = str(value)
    text.encode("utf-8")  # a lone surrogate (JSON "\\ud800") raises UnicodeEncodeError
    return text


def check_limit(limit: int) -> int:
    """The page size, between 1 and MAX_LIMIT."""
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be between 1 and {MAX_LIMIT}")
    return limit


def after_clause(keys: Sequence[SortKey]) -> str:
    """`(k1, k2, ...) > (?, ?, ...)` written out (NULLs sort first, as in `order_by`)."""
    clauses = []
    for i, key in enumerate(keys):
        equal = [f"{_nulls_low(k)} = {_nulls_low_param(k)}" for k in keys[:i]]
        greater = f"{_nulls_low(key)} > {_nulls_low_param(key)}"
        clauses.append("(" + " AND ".join([*equal, greater]) + ")")
    return "(" + " OR ".join(clauses) + ")"


def after_parameters(keys: Sequence[SortKey], values: Sequence[Any]) -> list[Any]:
    """The parameters of `after_clause` for a decoded cursor."""
    parameters: list[Any] = []
    for i in range(len(keys)):
        for j in range(i + 1):
            parameters.append(values[j])
    return parameters


def order_by(keys: Sequence[SortKey]) -> str:
    return ", ".join(f"{_nulls_low(k)}" for k in keys)


_LOW = {"str": "''", "int": "-2147483648", "date": "DATE '0001-01-01'",
        "uuid": "'00000000-0000-0000-0000-000000000000'::UUID"}


def _nulls_low(key: SortKey) -> str:
    return f"coalesce({key.column}, {_LOW[key.kind]})"


def _nulls_low_param(key: SortKey) -> str:
    cast = {"str": "VARCHAR", "int": "BIGINT", "date": "DATE", "uuid": "UUID"}[key.kind]
    return f"coalesce(CAST(? AS {cast}), {_LOW[key.kind]})"


def page(
    connection: duckdb.DuckDBPyConnection,
    sql: str,
    parameters: Sequence[Any],
    keys: Sequence[SortKey],
    limit: int,
    cursor: str | None,
) -> Page:
    """The page after `cursor` of the rows `sql` selects (each row must hold the keys' columns,
    named `k0, k1, ...`), in the keys' order."""
    sort = [SortKey(f"k{i}", key.kind) for i, key in enumerate(keys)]
    where, extra = "", []
    if cursor is not None:
        values = decode_cursor(cursor, keys)
        where, extra = f"WHERE {after_clause(sort)}", after_parameters(sort, values)
    query = f"SELECT * FROM ({sql}) AS listed {where} ORDER BY {order_by(sort)} LIMIT ?"
    result = connection.execute(query, [*parameters, *extra, limit + 1])
    names = [d[0] for d in result.description]
    rows = [dict(zip(names, row, strict=True)) for row in result.fetchall()]
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor([rows[-1][k.column] for k in sort]) if more and rows else None
    return Page(rows, next_cursor)
