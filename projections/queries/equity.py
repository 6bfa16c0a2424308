"""Equity of selection: each group's share among mentors, mentees and nominees vs the workforce."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal
from uuid import UUID

import duckdb

from projections.privacy import SUPPRESSED, is_small
from projections.queries.base import AnalyticsQuery, RowsResult, program_filter, program_ids
from projections.queries.options import InvalidQuery

Attribute = Literal["demographic_group", "department", "level", "location"]
ATTRIBUTES = {
    "demographic_group": "coalesce(e.demographic_group, 'undisclosed')",
    "department": "h.department",
    "level": "CAST(h.level AS VARCHAR)",
    "location": "h.location",
}

EQUITY_SQL = """
WITH workforce AS (
    SELECT s.employee_id, {attribute} AS grp
    FROM employment_spells s
    JOIN employees e ON e.employee_id = s.employee_id
    LEFT JOIN employee_history h ON h.employee_id = s.employee_id
        AND h.valid_from <= $day AND (h.valid_to IS NULL OR h.valid_to > $day)
    WHERE s.hired_on <= $day AND (s.left_on IS NULL OR s.left_on > $day)
),
chosen AS (
    SELECT mentor_id AS employee_id, 'mentors' AS role FROM mentor_enrolments
    WHERE enrolled_on <= $day AND status NOT IN ('nominated', 'declined') AND {programs}
    UNION
    SELECT mentee_id, 'mentees' FROM mentee_enrolments WHERE enrolled_on <= $day AND {programs}
    UNION
    SELECT nominee_id, 'nominees' FROM nominations WHERE nominated_on <= $day AND {programs}
)
SELECT w.grp, count(DISTINCT w.employee_id) AS workforce,
    count(DISTINCT c.employee_id) FILTER (WHERE c.role = 'mentors') AS mentors,
    count(DISTINCT c.employee_id) FILTER (WHERE c.role = 'mentees') AS mentees,
    count(DISTINCT c.employee_id) FILTER (WHERE c.role = 'nominees') AS nominees
FROM workforce w LEFT JOIN chosen c ON c.employee_id = w.employee_id
GROUP BY w.grp ORDER BY w.grp
"""
ROLES = ("workforce", "mentors", "mentees", "nominees")


@dataclass(frozen=True)
class Share:
    """A count and its share of the column total; both None when the count is 1-4."""

    count: int | None
    share: float | None
    suppressed: bool


@dataclass(frozen=True)
class EquityRow:
    """One group: its share of the workforce and among mentors, mentees and nominees."""

    group: str | None
    workforce: Share
    mentors: Share
    mentees: Share
    nominees: Share
    note: str | None


EquityResult = RowsResult[EquityRow]


@dataclass(frozen=True)
class EquityQuery(AnalyticsQuery[EquityResult]):
    """Shares among people employed on `day`, by an attribute as of that day.

    Representation of each group in selection, against its share of the workforce.
    """

    day: date
    attribute: Attribute = "demographic_group"
    programs: tuple[UUID, ...] = ()

    def __post_init__(self) -> None:
        if self.attribute not in ATTRIBUTES:
            raise InvalidQuery(f"attribute {self.attribute!r} is not one of {tuple(ATTRIBUTES)}")

    def run(self, connection: duckdb.DuckDBPyConnection) -> EquityResult:
        """One row per group; shares use column totals over all groups (suppressed included)."""
        sql = EQUITY_SQL.format(
            attribute=ATTRIBUTES[self.attribute], programs=program_filter("program_id")
        )
        parameters = {"day": self.day, "programs": program_ids(self.programs)}
        rows: list[tuple[Any, ...]] = connection.execute(sql, parameters).fetchall()
        totals = [sum(int(r[i + 1]) for r in rows) for i in range(len(ROLES))]
        result = []
        for r in rows:
            shares = [_share(int(r[i + 1]), totals[i]) for i in range(len(ROLES))]
            note = SUPPRESSED if any(s.suppressed for s in shares) else None
            workforce, mentors, mentees, nominees = shares
            result.append(EquityRow(r[0], workforce, mentors, mentees, nominees, note))
        return EquityResult(result)


def _share(count: int, total: int) -> Share:
    if is_small(count):
        return Share(None, None, True)
    return Share(count, count / total if total else None, False)
