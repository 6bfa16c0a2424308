"""Success stories recorded in a window: how many per program, and how many people they name.

Counts only: the analyst role reads no story (neither its text, which never reaches the read
side, nor its title, which names what someone achieved: stories are for the portal, auditors
and admins). A count of people named below 5 is suppressed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

import duckdb

from projections.privacy import shown_count
from projections.queries.base import AnalyticsQuery, program_filter, program_ids
from projections.queries.options import InvalidQuery

STORIES_SQL = f"""
SELECT COALESCE(p.name, CAST(s.program_id AS VARCHAR)) AS program, count(*) AS stories,
       sum(coalesce(s.people, 0)) AS people,
       count(*) FILTER (WHERE s.mentorship_id IS NOT NULL) AS from_mentorships
FROM success_stories s LEFT JOIN programs p ON p.program_id = s.program_id
WHERE s.recorded_on BETWEEN $start AND $end AND {program_filter("s.program_id")}
GROUP BY ALL ORDER BY program
"""


@dataclass(frozen=True)
class ProgramStories:
    """A program's stories in the window; `people` (named in them) None when 1-4."""

    program: str
    stories: int
    from_mentorships: int
    """Stories about one mentorship (the others are about a program, a team, a round)."""
    people: int | None


@dataclass(frozen=True)
class StoriesResult:
    """Stories per program and in total."""

    stories: int
    programs: list[ProgramStories]
    note: str


STORIES_NOTE = (
    "A success story is a notable outcome a program recorded to keep its momentum; only counts "
    "are shown (titles and texts are not for analysts). People named: suppressed below 5."
)


@dataclass(frozen=True)
class StoriesQuery(AnalyticsQuery[StoriesResult]):
    """Success stories recorded in [start, end], optionally for some programs."""

    start: date
    end: date
    programs: tuple[UUID, ...] = ()

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidQuery(
                f"the window must not end before it starts ({self.start}..{self.end})"
            )

    def run(self, connection: duckdb.DuckDBPyConnection) -> StoriesResult:
        """Counts per program, by program name."""
        parameters = {"start": self.start, "end": self.end, "programs": program_ids(self.programs)}
        programs = [
            ProgramStories(str(name), int(stories), int(linked), shown_count(int(people)))
            for name, stories, people, linked in connection.execute(
                STORIES_SQL, parameters
            ).fetchall()
        ]
        return StoriesResult(sum(p.stories for p in programs), programs, STORIES_NOTE)
