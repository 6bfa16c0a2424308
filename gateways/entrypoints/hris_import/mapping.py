"""How a vendor's report maps to the snapshot's columns and values (a TOML file). Pure.

```toml
date_format = "%m/%d/%Y"          # optional; default ISO dates (YYYY-MM-DD)

[columns]                         # our column = the vendor's column header
employee_id = "Employee #"
termination_reason = "Termination Reason"

[values.termination_reason]       # the vendor's value = ours (matched exactly, then trimmed,
"Resignation" = "voluntary"       #  case-insensitively)
"Retired" = "retirement"
```

Columns not renamed keep their default name. A value map may leave values out: they pass as
they are. Mapping a value to ``""`` blanks it (e.g. a vendor's "N/A" manager).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

COLUMNS = (
    "employee_id",
    "hire_date",
    "termination_date",
    "termination_reason",
    "department",
    "job_level",
    "manager_id",
    "location",
    "demographic_group",
    "performance_rating",
    "rating_scale_max",
    "rating_date",
)
REQUIRED_COLUMNS = ("employee_id", "hire_date", "department", "job_level", "location")
DATE_COLUMNS = ("hire_date", "termination_date", "rating_date")


class BadMapping(ValueError):
    """The mapping file is not valid TOML or names something unknown."""


@dataclass(frozen=True)
class ColumnMapping:
    """Our column -> the vendor's header; per column, the vendor's value -> ours."""

    columns: Mapping[str, str] = field(default_factory=dict)
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    date_format: str | None = None

    def header_of(self, column: str) -> str:
        """The header the snapshot's file uses for one of our columns."""
        return self.columns.get(column, column)

    def value(self, column: str, raw: str) -> str:
        """The vendor's value translated to ours (unmapped values pass trimmed)."""
        mapped = self.values.get(column)
        text = raw.strip()
        if not mapped:
            return text
        if raw in mapped:
            return mapped[raw]
        folded = {key.strip().casefold(): value for key, value in mapped.items()}
        return folded.get(text.casefold(), text)

    def date(self, raw: str) -> str:
        """A date in ISO form (``raw`` as is when no vendor format is set)."""
        if not raw or self.date_format is None:
            return raw
        parsed: date = datetime.strptime(raw, self.date_format).date()
        return parsed.isoformat()


DEFAULT_MAPPING = ColumnMapping()


def parse_mapping(text: str) -> ColumnMapping:
    """A mapping from the text of a TOML mapping file; BadMapping says what is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise BadMapping(f"not valid TOML: {error}") from None
    unknown = set(data) - {"columns", "values", "date_format"}
    if unknown:
        raise BadMapping(f"unknown keys {sorted(unknown)}: use columns, values, date_format")
    columns = _strings(data.get("columns", {}), "columns")
    values_table = data.get("values", {})
    if not isinstance(values_table, dict):
        raise BadMapping("values: a table of tables, one per column")
    values = {column: _strings(table, f"values.{column}") for column, table in values_table.items()}
    for name in [*columns, *values]:
        if name not in COLUMNS:
            raise BadMapping(f"{name!r} is not a snapshot column ({', '.join(COLUMNS)})")
    date_format = data.get("date_format")
    if date_format is not None and not isinstance(date_format, str):
        raise BadMapping("date_format: a strptime format such as '%m/%d/%Y'")
    return ColumnMapping(columns, values, date_format)


def _strings(table: Any, where: str) -> dict[str, str]:
    if not isinstance(table, dict):
        raise BadMapping(f"{where}: a table of names to strings")
    result: dict[str, str] = {}
    for key, value in table.items():
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise BadMapping(f"{where}.{key}: a string")
        result[str(key)] = str(value)
    return result
