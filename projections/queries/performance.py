"""Performance improvement over a window, by the landmark method: participants against others.

Population: employed at `start` (as for retention), restricted to those with a rating on or
before `start` (the baseline: the latest such rating) and a rating in (start, end] (the
outcome: the latest in the window). Each rating is normalised to 0–1 on its own scale,
(rating - scale_min) / (scale_max - scale_min), so ratings on a 1–4 and a 1–5 scale compare;
change = outcome - baseline. Per group: people, mean change with a 95% t interval; the
difference of means (in - out) with a Welch interval. Groups under 5 people are suppressed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb

from projections.privacy import SUPPRESSED, group_is_shown
from projections.queries.base import AnalyticsQuery
from projections.queries.cohort_sql import (
    GROUP_KEYS,
    GROUP_LABELS,
    HISTORY_AT_START,
    NEEDS_HISTORY,
    PARTICIPATIONS,
    POPULATION,
    program_unit,
)
from projections.queries.options import CohortQuery
from projections.queries.results import IMMORTAL_TIME_WARNING
from projections.stats.means import Sample, t_interval, welch_difference
from projections.stats.proportions import Interval


@dataclass(frozen=True)
class GroupChange:
    """One group's change in normalised rating; every figure None below 5 people."""

    people: int | None
    mean_change: float | None
    interval: Interval | None
    suppressed: bool
    note: str | None = None

    @classmethod
    def of(cls, sample: Sample | None) -> GroupChange:
        """Figures of a group, from its summarised changes (None: nobody)."""
        if sample is None or not group_is_shown(sample.n):
            return cls(None, None, None, True, SUPPRESSED)
        return cls(sample.n, sample.mean, t_interval(sample), False)


@dataclass(frozen=True)
class ChangeComparison:
    """Participants ("in") against everyone else ("out") in one group of the population."""

    group: str | None
    participants: GroupChange
    others: GroupChange
    difference: float | None
    difference_interval: Interval | None

    @classmethod
    def of(cls, group: str | None, samples: dict[bool, Sample]) -> ChangeComparison:
        """Build from {is_participant: sample of changes}; no difference if either is hidden."""
        inside, outside = samples.get(True), samples.get(False)
        participants, others = GroupChange.of(inside), GroupChange.of(outside)
        if participants.suppressed or others.suppressed:
            return cls(group, participants, others, None, None)
        assert inside is not None and outside is not None
        difference, interval = welch_difference(inside, outside)
        return cls(group, participants, others, difference, interval)


@dataclass(frozen=True)
class PerformanceResult:
    """The question, one in-against-out comparison of mean rating change per group."""

    query: PerformanceQuery
    rows: list[ChangeComparison]
    method: str
    warning: str


PERFORMANCE_METHOD = (
    "Landmark method: the population is everyone employed at the window start who has a "
    "performance rating on or before the start and another in the window; 'in' are those who "
    "were participants at the start, 'out' everyone else, fixed for the whole window. Each "
    "rating is normalised to 0-1 on its own scale ((rating - min) / (max - min)); change = the "
    "latest rating in the window minus the latest on or before the start. Intervals are 95% t "
    "intervals of the mean change; the difference of means (in - out) has a Welch interval."
)

RATINGS = """
scores AS (
    SELECT employee_id, effective_date, notification_id,
           (rating - scale_min) / (scale_max - scale_min) AS score
    FROM performance_ratings WHERE effective_date <= $end
),
baseline AS (
    SELECT employee_id, score FROM scores WHERE effective_date <= $start
    QUALIFY row_number() OVER (
        PARTITION BY employee_id ORDER BY effective_date DESC, notification_id DESC) = 1
),
outcome AS (
    SELECT employee_id, score FROM scores WHERE effective_date > $start
    QUALIFY row_number() OVER (
        PARTITION BY employee_id ORDER BY effective_date DESC, notification_id DESC) = 1
),
changes AS (
    SELECT b.employee_id, o.score - b.score AS change
    FROM baseline b JOIN outcome o ON o.employee_id = b.employee_id
)"""

SUMS = """
SELECT {label} AS group_label, is_participant, people, total, squares FROM (
    SELECT group_key, is_participant, count(*) AS people, sum(change) AS total,
           sum(change * change) AS squares
    FROM members GROUP BY ALL
) ORDER BY ALL"""


@dataclass(frozen=True)
class PerformanceQuery(CohortQuery, AnalyticsQuery[PerformanceResult]):
    """Change in normalised performance rating over [start, end], in against out.

    `voluntary_only` is part of the cohort's parameters but does not change this measure.
    """

    def run(self, connection: duckdb.DuckDBPyConnection) -> PerformanceResult:
        """People, mean change with t interval per group; difference with Welch interval."""
        sql, parameters = performance_sql(self)
        samples: dict[str | None, dict[bool, Sample]] = {}
        for group, is_in, people, total, squares in connection.execute(sql, parameters).fetchall():
            by_side = samples.setdefault(group, {})
            if people >= 2:
                by_side[bool(is_in)] = Sample.of_sums(int(people), float(total), float(squares))
            elif people == 1:
                by_side[bool(is_in)] = Sample(1, float(total), 0.0)
        rows = [ChangeComparison.of(group, by_side) for group, by_side in samples.items()]
        return PerformanceResult(self, rows, PERFORMANCE_METHOD, IMMORTAL_TIME_WARNING)


def performance_sql(query: CohortQuery) -> tuple[str, dict[str, Any]]:
    """SQL and parameters summing (group, in/out) changes: people, sum, sum of squares."""
    parameters = query.parameters
    if query.group_by in ("program", "round"):
        return _per_program_sql(query), parameters
    history = HISTORY_AT_START if query.group_by in NEEDS_HISTORY else ""
    sql = f"""
WITH {POPULATION}, {PARTICIPATIONS}, {RATINGS},
members AS (
    SELECT {GROUP_KEYS[query.group_by]} AS group_key,
           p.employee_id IN (SELECT employee_id FROM eligible) AS is_participant,
           c.change
    FROM population p JOIN changes c ON c.employee_id = p.employee_id {history}
)
{SUMS.format(label=GROUP_LABELS[query.group_by])}"""
    return sql, parameters


def _per_program_sql(query: CohortQuery) -> str:
    """Each program (or round) against everyone rated in the population not in it."""
    unit, label = program_unit(query)
    return f"""
WITH {POPULATION}, {PARTICIPATIONS}, {RATINGS},
members AS (
    SELECT p.employee_id, c.change FROM population p JOIN changes c ON c.employee_id = p.employee_id
),
totals AS (
    SELECT count(*) AS people, sum(change) AS total, sum(change * change) AS squares FROM members
),
units_in AS (
    SELECT {label} AS group_label, count(*) AS people, sum(m.change) AS total,
           sum(m.change * m.change) AS squares
    FROM (SELECT DISTINCT e.employee_id, {unit} FROM eligible e) e
    JOIN members m ON m.employee_id = e.employee_id
    LEFT JOIN programs pr ON pr.program_id = e.program_id
    GROUP BY ALL
)
SELECT group_label, true AS is_participant, people, total, squares FROM units_in
UNION ALL
SELECT u.group_label, false, t.people - u.people, t.total - u.total, t.squares - u.squares
FROM units_in u, totals t
ORDER BY ALL"""
