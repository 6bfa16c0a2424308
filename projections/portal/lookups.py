"""Rows found through an ART index by a list of keys, whatever else the query filters on.

DuckDB answers ``column IN (SELECT unnest(?))`` with an index scan when the list is short (at
most ``dynamic_or_filter_threshold``, 50, keys) and the column is the scan's only filter; any
other condition on the same table (``AND program_id = ?``) turns it into a scan of the whole
table. So the lookup stands alone in a subquery that the optimiser cannot merge with the outer
filters (``OFFSET 0``), and the other conditions apply to its few rows (issue 16).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

LOOKUP_BATCH = 48
"""Most keys looked up at once: at most DuckDB's ``dynamic_or_filter_threshold`` (50), so the
semi-join on the keys becomes an IN filter the ART index answers instead of a scan."""


def indexed(table: str, column: str, columns: str = "*") -> str:
    """A subquery of ``table``'s rows whose ``column`` is in the list parameter (one ``?``)."""
    return f"(SELECT {columns} FROM {table} WHERE {column} IN (SELECT unnest(?)) OFFSET 0)"


def batches(keys: Sequence[Any]) -> Iterator[list[Any]]:
    """The keys ``LOOKUP_BATCH`` at a time (index lookups), or all at once when they are many
    (a scan then costs less than many lookups)."""
    keys = list(keys)
    size = LOOKUP_BATCH if len(keys) <= 4 * LOOKUP_BATCH else max(len(keys), 1)
    for start in range(0, len(keys), size):
        yield keys[start:start + size]
