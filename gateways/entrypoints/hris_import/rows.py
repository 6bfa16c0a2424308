"""Reading a workforce snapshot (CSV, one row a person) into validated rows. Pure.

A row that does not validate is reported with its line number (the file's physical line where
the row starts, the header being line 1) and the reason, and left out; the other rows go on.
Rows that share an ``employee_id`` are all left out: which one is right is not knowable.
The performance columns (``performance_rating``, ``rating_scale_max``, ``rating_date``) become
a ``performance_rated`` message (see ``diff``); a malformed one is reported as a warning and
the row is still used without its rating.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from domain.vocabulary import ExitReason
from gateways.entrypoints.hris.contract import EmployeeId
from gateways.entrypoints.hris_import.mapping import (
    COLUMNS,
    DATE_COLUMNS,
    REQUIRED_COLUMNS,
    ColumnMapping,
)

RATING_COLUMNS = ("performance_rating", "rating_scale_max", "rating_date")
ERROR = "error"
WARNING = "warning"


class SnapshotUnreadable(ValueError):
    """The file as a whole cannot be read (no header, a required column missing)."""


class SnapshotRow(BaseModel):
    """One person in the snapshot, with the line the row starts on."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    line: int
    employee_id: EmployeeId
    hire_date: dt.date
    termination_date: dt.date | None = None
    termination_reason: ExitReason | None = None
    department: Annotated[str, Field(min_length=1)]
    job_level: Annotated[int, Field(ge=1, le=20)]
    manager_id: EmployeeId | None = None
    location: Annotated[str, Field(min_length=1)]
    demographic_group: str | None = None
    performance_rating: Annotated[float, Field(ge=0)] | None = None
    rating_scale_max: Annotated[float, Field(gt=0)] | None = None
    rating_date: dt.date | None = None

    @model_validator(mode="after")
    def _termination_has_a_reason(self) -> SnapshotRow:
        if self.termination_date is not None and self.termination_reason is None:
            raise ValueError("termination_reason is required with a termination_date")
        if self.termination_reason is not None and self.termination_date is None:
            raise ValueError("termination_date is required with a termination_reason")
        return self


@dataclass(frozen=True)
class RowProblem:
    """A line of the snapshot that was left out (error) or used in part (warning)."""

    line: int
    employee_id: str | None
    reason: str
    severity: str = ERROR

    def describe(self) -> str:
        who = f" ({self.employee_id})" if self.employee_id else ""
        return f"line {self.line}{who}: {self.severity}: {self.reason}"


@dataclass(frozen=True)
class Snapshot:
    """The good rows, in file order, and the problems of the others."""

    rows: tuple[SnapshotRow, ...]
    problems: tuple[RowProblem, ...]


def read_snapshot(text: str, mapping: ColumnMapping) -> Snapshot:
    """Parse the CSV text of a snapshot; SnapshotUnreadable if the header is unusable."""
    records = _records(text.removeprefix("\ufeff"))
    header_line = next(records, None)
    if header_line is None:
        raise SnapshotUnreadable("the file is empty: a header row is expected")
    positions = _positions(header_line[1], mapping)
    rows: list[SnapshotRow] = []
    problems: list[RowProblem] = []
    for line, record in records:
        if not any(cell.strip() for cell in record):
            continue
        row, row_problems = _row(line, record, len(header_line[1]), positions, mapping)
        problems.extend(row_problems)
        if row is not None:
            rows.append(row)
    kept, duplicates = _without_duplicates(rows)
    problems.extend(duplicates)
    return Snapshot(tuple(kept), tuple(sorted(problems, key=lambda p: p.line)))


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each CSV record with the physical line it starts on."""
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    for record in reader:
        yield start, record
        start = reader.line_num + 1


def _positions(header: list[str], mapping: ColumnMapping) -> dict[str, int]:
    names = [name.strip() for name in header]
    positions = {
        column: names.index(mapping.header_of(column))
        for column in COLUMNS
        if mapping.header_of(column) in names
    }
    missing = [mapping.header_of(c) for c in REQUIRED_COLUMNS if c not in positions]
    if missing:
        raise SnapshotUnreadable(
            f"line 1: the header lacks the column(s) {', '.join(missing)}"
            f" (found: {', '.join(names)})"
        )
    return positions


def _row(
    line: int, record: list[str], width: int, positions: Mapping[str, int],
    mapping: ColumnMapping,
) -> tuple[SnapshotRow | None, list[RowProblem]]:
    employee = _cell(record, positions.get("employee_id")) or None
    if len(record) != width:
        reason = f"has {len(record)} fields, the header has {width}"
        return None, [RowProblem(line, employee, reason)]
    values: dict[str, Any] = {"line": line}
    for column, position in positions.items():
        try:
            value = mapping.value(column, record[position])
            if column in DATE_COLUMNS:
                value = mapping.date(value)
        except ValueError as error:
            return None, [RowProblem(line, employee, f"{column}: {error}")]
        if value != "":
            values[column] = value
    return _validated(line, employee, values)


def _validated(
    line: int, employee: str | None, values: dict[str, Any]
) -> tuple[SnapshotRow | None, list[RowProblem]]:
    try:
        return SnapshotRow.model_validate(values), []
    except ValidationError as error:
        failing = {str(e["loc"][0]) for e in error.errors() if e["loc"]}
        reason = _reason(error)
        if not failing or not failing <= set(RATING_COLUMNS):
            return None, [RowProblem(line, employee, reason)]
    # Only the rating columns are wrong: use the row without them.
    kept = {key: value for key, value in values.items() if key not in RATING_COLUMNS}
    try:
        row = SnapshotRow.model_validate(kept)
    except ValidationError as error:
        return None, [RowProblem(line, employee, _reason(error))]
    return row, [RowProblem(line, employee, f"{reason} (ratings ignored)", WARNING)]


def _reason(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    message = first["msg"].removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


def _cell(record: list[str], position: int | None) -> str:
    if position is None or position >= len(record):
        return ""
    return record[position].strip()


def _without_duplicates(
    rows: list[SnapshotRow],
) -> tuple[list[SnapshotRow], list[RowProblem]]:
    lines: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        lines[row.employee_id].append(row.line)
    kept, problems = [], []
    for row in rows:
        if len(lines[row.employee_id]) == 1:
            kept.append(row)
            continue
        others = ", ".join(str(n) for n in lines[row.employee_id])
        reason = f"employee_id {row.employee_id} is on lines {others}: all left out"
        problems.append(RowProblem(row.line, row.employee_id, reason))
    return kept, problems
