"""Momentum on a given day: dormant pairs, requests near or past deadline, full mentors, waiting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

from projections.privacy import SUPPRESSED, is_small
from projections.queries.base import AnalyticsQuery, RowsResult

MOMENTUM_SQL = """
WITH active AS (
    SELECT m.mentorship_id, m.program_id, m.started_on,
           (SELECT max(s.held_on) FROM sessions s WHERE s.mentorship_id = m.mentorship_id
              AND s.held_on <= $today) AS last_session_on
    FROM mentorships m
    WHERE m.started_on <= $today AND (m.ended_on IS NULL OR m.ended_on > $today)
),
slots AS (
    SELECT enrolment_id, count(*) AS taken FROM mentor_slots
    WHERE taken_on <= $today AND (released_on IS NULL OR released_on > $today)
    GROUP BY enrolment_id
),
waiting AS (
    SELECT e.mentee_id, e.program_id FROM mentee_enrolments e
    WHERE e.enrolled_on <= $today AND NOT EXISTS (
        SELECT 1 FROM mentorships m WHERE m.mentee_id = e.mentee_id
          AND m.program_id = e.program_id AND m.started_on <= $today)
)
SELECT p.name,
    (SELECT count(*) FROM active a WHERE a.program_id = p.program_id
        AND coalesce(a.last_session_on, a.started_on) < $today - $dormant_days) AS dormant,
    (SELECT count(*) FROM requests r WHERE r.program_id = p.program_id
        AND r.outcome = 'pending' AND r.made_on <= $today
        AND r.respond_by BETWEEN $today AND $today + $near_days) AS near_deadline,
    (SELECT count(*) FROM requests r WHERE r.program_id = p.program_id
        AND r.outcome = 'pending' AND r.made_on <= $today AND r.respond_by < $today)
        AS past_deadline,
    (SELECT count(*) FROM mentor_enrolments e JOIN slots s USING (enrolment_id)
        WHERE e.program_id = p.program_id AND e.status = 'active'
          AND s.taken >= e.capacity) AS mentors_at_capacity,
    (SELECT count(*) FROM waiting w WHERE w.program_id = p.program_id) AS mentees_waiting
FROM programs p
WHERE p.launched_on <= $today
ORDER BY p.name
"""

FIELDS = ("dormant", "near_deadline", "past_deadline", "mentors_at_capacity", "mentees_waiting")


@dataclass(frozen=True)
class MomentumRow:
    """One program's momentum counts; counts of 1-4 are None and named in `suppressed`.

    Statuses (pending request, active enrolment) are today's, so a past `today` is approximate.
    """

    program: str | None
    dormant: int | None
    near_deadline: int | None
    past_deadline: int | None
    mentors_at_capacity: int | None
    mentees_waiting: int | None
    suppressed: tuple[str, ...]
    note: str | None


MomentumResult = RowsResult[MomentumRow]


@dataclass(frozen=True)
class MomentumQuery(AnalyticsQuery[MomentumResult]):
    """Momentum on `today`: dormant after `dormant_days` without a session, `near_days` ahead.

    Counts per launched program that show where a program is losing momentum.
    """

    today: date
    dormant_days: int = 30
    near_days: int = 7

    def run(self, connection: duckdb.DuckDBPyConnection) -> MomentumResult:
        """One row per launched program."""
        parameters: dict[str, Any] = {
            "today": self.today, "dormant_days": self.dormant_days, "near_days": self.near_days,
        }
        rows = connection.execute(MOMENTUM_SQL, parameters).fetchall()
        return MomentumResult([_row(r) for r in rows])


def _row(r: tuple[Any, ...]) -> MomentumRow:
    counts = dict(zip(FIELDS, (int(v) for v in r[1:]), strict=True))
    hidden = tuple(k for k, v in counts.items() if is_small(v))
    shown = {k: (None if k in hidden else v) for k, v in counts.items()}
    return MomentumRow(
        program=r[0], suppressed=hidden, note=SUPPRESSED if hidden else None, **shown
    )
