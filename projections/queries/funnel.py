"""The request funnel: made → accepted → first session → memo, with answer rates and delays."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

import duckdb

from projections.privacy import MIN_CELL, SUPPRESSED, is_small
from projections.queries.base import AnalyticsQuery, RowsResult, program_filter, program_ids

FUNNEL_SQL = f"""
WITH chosen AS (
    SELECT r.*, pr.name AS program_name FROM requests r
    LEFT JOIN programs pr ON pr.program_id = r.program_id
    WHERE r.made_on BETWEEN $start AND $end AND {program_filter("r.program_id")}
),
firsts AS (
    SELECT m.request_id, min(s.held_on) AS first_session_on, min(m.started_on) AS started_on
    FROM mentorships m JOIN sessions s ON s.mentorship_id = m.mentorship_id
    WHERE m.request_id IS NOT NULL GROUP BY m.request_id
),
memoed AS (
    SELECT DISTINCT m.request_id FROM mentorships m
    JOIN memos x ON x.mentorship_id = m.mentorship_id WHERE m.request_id IS NOT NULL
),
answers AS (
    SELECT a.*, {{group}} AS grp FROM request_answers a JOIN chosen c USING (request_id)
)
SELECT c.grp,
    count(*) AS made,
    count(*) FILTER (WHERE c.outcome = 'accepted') AS accepted,
    count(f.request_id) AS first_session,
    count(m.request_id) AS memo,
    count(*) FILTER (WHERE c.outcome = 'withdrawn') AS withdrawn,
    count(*) FILTER (WHERE c.outcome = 'pending') AS pending,
    (SELECT count(*) FROM answers a WHERE a.grp IS NOT DISTINCT FROM c.grp
        AND a.answer IN ('accepted', 'declined', 'expired')) AS asked,
    (SELECT count(*) FROM answers a WHERE a.grp IS NOT DISTINCT FROM c.grp
        AND a.answer = 'declined') AS declined,
    (SELECT count(*) FROM answers a WHERE a.grp IS NOT DISTINCT FROM c.grp
        AND a.answer = 'expired') AS expired,
    (SELECT median(date_diff('day', a.asked_on, a.answered_on)) FROM answers a
        WHERE a.grp IS NOT DISTINCT FROM c.grp AND a.answer IN ('accepted', 'declined'))
        AS days_to_respond,
    (SELECT count(*) FROM answers a WHERE a.grp IS NOT DISTINCT FROM c.grp
        AND a.answer IN ('accepted', 'declined')) AS responded,
    median(date_diff('day', f.started_on, f.first_session_on)) AS days_to_first_session
FROM (SELECT *, {{group}} AS grp FROM chosen) c
LEFT JOIN firsts f ON f.request_id = c.request_id
LEFT JOIN memoed m ON m.request_id = c.request_id
GROUP BY c.grp ORDER BY c.grp
"""


@dataclass(frozen=True)
class FunnelRow:
    """One funnel; counts under 5 and rates or medians built on them are None and listed."""

    group: str | None
    made: int | None
    accepted: int | None
    first_session: int | None
    memo: int | None
    withdrawn: int | None
    decline_rate: float | None
    expiry_rate: float | None
    median_days_to_respond: float | None
    median_days_to_first_session: float | None
    suppressed: tuple[str, ...]
    note: str | None


FunnelResult = RowsResult[FunnelRow]


@dataclass(frozen=True)
class FunnelQuery(AnalyticsQuery[FunnelResult]):
    """Requests made in [start, end], optionally per program, and what became of them.

    Computed from requests, answers, mentorships, sessions and memos.
    """

    start: date
    end: date
    programs: tuple[UUID, ...] = ()
    by_program: bool = False

    def run(self, connection: duckdb.DuckDBPyConnection) -> FunnelResult:
        """One row per program (or one overall)."""
        group = "program_name" if self.by_program else "NULL"
        parameters = {"start": self.start, "end": self.end, "programs": program_ids(self.programs)}
        rows = connection.execute(FUNNEL_SQL.replace("{group}", group), parameters).fetchall()
        return FunnelResult([_row(r) for r in rows])


def _row(r: tuple[Any, ...]) -> FunnelRow:
    (grp, made, accepted, first, memo, withdrawn, _pending, asked, declined, expired,
     to_respond, responded, to_first) = r
    counts = {"made": made, "accepted": accepted, "first_session": first, "memo": memo,
              "withdrawn": withdrawn}
    hidden = [k for k, v in counts.items() if is_small(int(v))]
    asked_n = int(asked)
    rates_shown = asked_n >= MIN_CELL
    if not rates_shown:
        hidden += ["decline_rate", "expiry_rate"]
    if int(responded) < MIN_CELL:
        hidden.append("median_days_to_respond")
    if int(first) < MIN_CELL:
        hidden.append("median_days_to_first_session")

    def shown(name: str, value: Any) -> int | None:
        return None if name in hidden else int(value)

    return FunnelRow(
        group=None if grp is None else str(grp),
        made=shown("made", made), accepted=shown("accepted", accepted),
        first_session=shown("first_session", first), memo=shown("memo", memo),
        withdrawn=shown("withdrawn", withdrawn),
        decline_rate=int(declined) / asked_n if rates_shown else None,
        expiry_rate=int(expired) / asked_n if rates_shown else None,
        median_days_to_respond=None if "median_days_to_respond" in hidden else _float(to_respond),
        median_days_to_first_session=(
            None if "median_days_to_first_session" in hidden else _float(to_first)
        ),
        suppressed=tuple(hidden),
        note=SUPPRESSED if hidden else None,
    )


def _float(value: Any) -> float | None:
    return None if value is None else float(value)
