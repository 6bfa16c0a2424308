"""Skills learned, from memos (skills only: memo text never reaches the read side)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

import duckdb

from projections.privacy import MIN_CELL
from projections.queries.base import AnalyticsQuery, program_filter, program_ids

SKILLS_SQL = f"""
SELECT lower(trim(skill)) AS skill, count(*) AS memos, count(DISTINCT m.mentee_id) AS mentees
FROM memos x
JOIN mentorships m ON m.mentorship_id = x.mentorship_id,
UNNEST(x.skills) AS t(skill)
WHERE x.filed_on BETWEEN $start AND $end AND {program_filter("m.program_id")}
GROUP BY ALL
ORDER BY mentees DESC, skill
"""


@dataclass(frozen=True)
class SkillCount:
    """A skill named in memos, by how many memos and distinct mentees."""

    skill: str
    memos: int
    mentees: int


@dataclass(frozen=True)
class SkillsResult:
    """Skills named by at least 5 mentees; the rest are counted, not named."""

    skills: list[SkillCount]
    suppressed_skills: int
    note: str


@dataclass(frozen=True)
class SkillsQuery(AnalyticsQuery[SkillsResult]):
    """Memos filed in [start, end], optionally for some programs: which skills mentees report
    learning, most widely learned first."""

    start: date
    end: date
    programs: tuple[UUID, ...] = ()

    def run(self, connection: duckdb.DuckDBPyConnection) -> SkillsResult:
        """Skills with their counts; skills named by fewer than 5 mentees are withheld."""
        parameters = {"start": self.start, "end": self.end, "programs": program_ids(self.programs)}
        rows = connection.execute(SKILLS_SQL, parameters).fetchall()
        shown = [SkillCount(s, int(n), int(k)) for s, n, k in rows if k >= MIN_CELL]
        hidden = len(rows) - len(shown)
        note = f"{hidden} skills named by fewer than {MIN_CELL} mentees are suppressed"
        return SkillsResult(shown, hidden, note)
