"""The naive ever-vs-never comparison, on a real DuckDB file with the projection tables."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from uuid import UUID, uuid4

import duckdb
import pytest

from projections.queries.naive_comparison import NaiveComparisonQuery
from projections.schema import create_statements

START, END = date(2023, 1, 1), date(2025, 12, 31)


@pytest.fixture
def connection(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(tmp_path / "naive.duckdb"))
    for statement in create_statements():
        connection.execute(statement)
    yield connection
    connection.close()


def employ(
    connection: duckdb.DuckDBPyConnection,
    left_on: date | None = None,
    reason: str | None = None,
    joined_on: date | None = None,
) -> UUID:
    person = uuid4()
    connection.execute(
        "INSERT INTO employment_spells (employee_id, spell_no, hired_on, left_on, exit_reason,"
        " voluntary) VALUES (?, 1, ?, ?, ?, ?)",
        [person, date(2020, 1, 1), left_on, reason, reason == "voluntary" if reason else None],
    )
    if joined_on is not None:
        connection.execute(
            "INSERT INTO participations (mentorship_id, employee_id, role, started_on)"
            " VALUES (?, ?, 'mentee', ?)",
            [uuid4(), person, joined_on],
        )
    return person


def test_someone_who_left_before_the_program_counts_as_never_joined(
    connection: duckdb.DuckDBPyConnection,
) -> None:
    for _ in range(5):
        employ(connection, joined_on=date(2024, 6, 1))
    for _ in range(5):
        employ(connection, left_on=date(2023, 3, 1), reason="voluntary")
    report = NaiveComparisonQuery(START, END).run(connection)
    assert report.comparison.others.events == 5 and report.comparison.participants.rate == 1.0


def test_people_who_left_before_the_window_are_not_counted(
    connection: duckdb.DuckDBPyConnection,
) -> None:
    for _ in range(5):
        employ(connection, joined_on=date(2024, 6, 1))
        employ(connection)
    employ(connection, left_on=date(2022, 3, 1), reason="voluntary")
    report = NaiveComparisonQuery(START, END).run(connection)
    assert report.comparison.others.headcount == 5


def test_voluntary_only_counts_involuntary_leavers_as_retained(
    connection: duckdb.DuckDBPyConnection,
) -> None:
    for _ in range(5):
        employ(connection, joined_on=date(2024, 6, 1))
        employ(connection, left_on=date(2024, 3, 1), reason="involuntary")
    report = NaiveComparisonQuery(START, END, voluntary_only=True).run(connection)
    assert report.comparison.others.rate == 1.0


def test_small_groups_are_suppressed(connection: duckdb.DuckDBPyConnection) -> None:
    for _ in range(5):
        employ(connection)
    employ(connection, joined_on=date(2024, 6, 1))
    report = NaiveComparisonQuery(START, END).run(connection)
    assert report.comparison.participants.suppressed and report.comparison.difference is None
