"""The one shape of every analytics question: a frozen dataclass of parameters that runs itself.

A question is `<Question>Query`, a frozen dataclass whose fields are its parameters (validated
in `__post_init__`, raising InvalidQuery). `query.run(connection)` runs its SQL on a DuckDB
connection to the projections and returns a `<Question>Result`. `Analytics.run(query)`
(projections.analytics) is how the edges ask; QUESTIONS there lists every question.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar
from uuid import UUID

import duckdb

Result = TypeVar("Result", covariant=True)


class AnalyticsQuery(ABC, Generic[Result]):
    """A question about the projections; subclasses are frozen dataclasses of its parameters."""

    @abstractmethod
    def run(self, connection: duckdb.DuckDBPyConnection) -> Result:
        """The answer, computed on a connection to the projections (a snapshot or the view)."""


Row = TypeVar("Row")


@dataclass(frozen=True)
class RowsResult(Generic[Row]):
    """A result that is a table: one row per group (printed as a JSON list by the CLI)."""

    rows: list[Row]


def program_filter(column: str) -> str:
    """SQL keeping rows whose `column` is one of `$programs`, or all rows when none is given."""
    return f"(len($programs) = 0 OR list_contains($programs, CAST({column} AS VARCHAR)))"


def program_ids(programs: Iterable[UUID]) -> list[str]:
    """The `$programs` parameter: program ids as strings."""
    return [str(p) for p in programs]
