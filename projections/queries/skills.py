"""Skills learned, from memos (skills only: memo text never reaches the read side)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

import duckdb

from projections.privacy import MIN_CELL

SKILLS_SQL = """
SELECT lower(trim(skill)) AS skill, count(*) AS memos, count(DISTINCT m.mentee_id) AS mentees
FROM memos x
JOIN mentorships m ON m.mentorship_id = x.mentorship_id,
UNNEST(x.skills) AS t(skill)
WHERE x.filed_on BETWEEN $start AND $end
  AND (len($programs) = 0 OR list_contains($programs, CAST(m.program_id AS VARCHAR)))
GROUP BY ALL
ORDER BY mentees DESC, skill
"""


@dataclass(frozen=True)
class SkillsQuery:
    """Memos filed in [start, end], optionally for some programs."""

    start: date
    end: date
    programs: tuple[UUID, ...] = ()


@dataclass(frozen=True)
class SkillCount:
    """A skill named in memos, by how many memos and distinct mentees."""

    skill: str
    memos: int
    mentees: int


@dataclass(frozen=True)
class SkillsReport:
    """Skills named by at least 5 mentees; the rest are counted, not named."""

    skills: list[SkillCount]
    suppressed_skills: int
    note: str


class SkillsLearned:
    """Which skills mentees report learning, most widely learned first."""

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self._connection = connection

    def run(self, query: SkillsQuery) -> SkillsReport:
        """Skills with their counts; skills named by fewer than 5 mentees are withheld."""
        parameters = {
            "start": query.start, "end": query.end, "programs": [str(p) for p in query.programs]
        }
        rows = self._connection.execute(SKILLS_SQL, parameters).fetchall()
        shown = [SkillCount(s, int(n), int(k)) for s, n, k in rows if k >= MIN_CELL]
        hidden = len(rows) - len(shown)
        note = f"{hidden} skills named by fewer than {MIN_CELL} mentees are suppressed"
        return SkillsReport(shown, hidden, note)
