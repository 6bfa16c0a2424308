"""Reading a snapshot's CSV: the default columns, line numbers, what makes a row bad."""

from __future__ import annotations

import datetime as dt

import pytest

from gateways.entrypoints.hris_import.mapping import DEFAULT_MAPPING, parse_mapping
from gateways.entrypoints.hris_import.rows import SnapshotUnreadable, read_snapshot

HEADER = "employee_id,hire_date,department,job_level,location,manager_id\n"


def test_rows_with_the_default_columns_in_any_order_are_read_and_extra_columns_ignored() -> None:
    text = ("location,employee_id,nickname,hire_date,job_level,department\n"
            "Leeds,E1,Al,2024-01-15,3,Sales\n")
    (row,) = read_snapshot(text, DEFAULT_MAPPING).rows
    assert (row.employee_id, row.hire_date, row.job_level, row.department, row.location) == (
        "E1", dt.date(2024, 1, 15), 3, "Sales", "Leeds"
    )
    assert row.manager_id is None and row.termination_date is None and row.line == 2


def test_line_numbers_count_physical_lines_so_a_quoted_newline_does_not_shift_them() -> None:
    text = (HEADER + 'E1,2024-01-15,"Sales\nEMEA",3,Leeds,\n' + "\n"
            + "E2,2024-01-15,Sales,99,Leeds,\n")
    snapshot = read_snapshot(text, DEFAULT_MAPPING)
    assert [r.line for r in snapshot.rows] == [2]
    assert [(p.line, p.employee_id) for p in snapshot.problems] == [(5, "E2")]


def test_every_row_of_an_employee_listed_twice_is_left_out_and_reported() -> None:
    text = (HEADER + "E1,2024-01-15,Sales,3,Leeds,\nE1,2024-01-15,Legal,3,Leeds,\n"
            "E2,2024-01-15,Sales,3,Leeds,\n")
    snapshot = read_snapshot(text, DEFAULT_MAPPING)
    assert [r.employee_id for r in snapshot.rows] == ["E2"]
    assert [p.line for p in snapshot.problems] == [2, 3]
    assert "is on lines 2, 3" in snapshot.problems[0].reason


def test_a_header_without_a_required_column_makes_the_file_unreadable() -> None:
    with pytest.raises(SnapshotUnreadable, match="lacks the column.*location"):
        read_snapshot("employee_id,hire_date,department,job_level\n", DEFAULT_MAPPING)


def test_a_date_in_another_format_than_the_mappings_is_a_bad_row() -> None:
    mapping = parse_mapping('date_format = "%d/%m/%Y"\n')
    text = HEADER + "E1,15/01/2024,Sales,3,Leeds,\nE2,2024-01-15,Sales,3,Leeds,\n"
    snapshot = read_snapshot(text, mapping)
    assert [r.hire_date for r in snapshot.rows] == [dt.date(2024, 1, 15)]
    assert snapshot.problems[0].line == 3 and snapshot.problems[0].reason.startswith("hire_date")


def test_a_byte_order_mark_before_the_header_is_ignored() -> None:
    assert len(read_snapshot("\ufeff" + HEADER + "E1,2024-01-15,Sales,3,Leeds,\n",
                             DEFAULT_MAPPING).rows) == 1
