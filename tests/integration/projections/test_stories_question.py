"""Success stories in a window: counts per program, never a title or a text.

Program "Lift": stories on 2024-02-01 (3 people named), 2024-05-01 (4 people) and 2025-01-10
(after the window); program "Grow": one on 2024-03-01 naming 6 people. None is about one
mentorship.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.base import Stamp
from domain.stories import SuccessStory
from projections.analytics import Analytics
from projections.queries.stories import StoriesQuery, StoriesResult
from tests.integration.projections.projected import launched, projected
from tests.integration.projections.scenario_org import EventLog

STORIES = [
    ("Lift", date(2024, 2, 1), "Close rate up 15%", 3),
    ("Lift", date(2024, 5, 1), "First keynote", 4),
    ("Lift", date(2025, 1, 10), "Too late", 2),
    ("Grow", date(2024, 3, 1), "A team promoted", 6),
]


PROGRAMS = {name: launched(name, date(2023, 1, 1)) for name in ("Lift", "Grow")}


def record_stories(app: EventLog) -> None:
    """The two programs and their stories (the text is private, the titles are not shown)."""
    app.save(*PROGRAMS.values())
    for name, day, title, people in STORIES:
        app.save(SuccessStory.record(
            story_id=uuid4(), program_id=PROGRAMS[name].id, mentorship_id=None, title=title,
            text="the private story", employee_ids=tuple(f"E{i}" for i in range(people)),
            stamp=Stamp("admin", day),
        ))


@pytest.fixture(scope="module")
def stories(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Analytics, UUID]]:
    """The stories projected; the analytics and Lift's id."""
    view = projected(record_stories, tmp_path_factory.mktemp("stories"), batch_size=3)
    yield Analytics(view.cursor()), PROGRAMS["Lift"].id
    view.close()


def ask(stories: tuple[Analytics, UUID], *programs: UUID) -> StoriesResult:
    return stories[0].run(StoriesQuery(date(2024, 1, 1), date(2024, 12, 31), programs))


def test_stories_are_counted_per_program_with_the_people_they_name(
    stories: tuple[Analytics, UUID],
) -> None:
    result = ask(stories)
    assert result.stories == 3
    assert [(p.program, p.stories, p.from_mentorships, p.people) for p in result.programs] == [
        ("Grow", 1, 0, 6), ("Lift", 2, 0, 7)]


def test_no_title_and_no_text_reaches_the_answer(stories: tuple[Analytics, UUID]) -> None:
    shown = repr(ask(stories))
    assert "the private story" not in shown and "Close rate" not in shown


def test_a_program_filter_keeps_its_stories_and_a_small_count_of_people_is_hidden(
    stories: tuple[Analytics, UUID],
) -> None:
    result = stories[0].run(StoriesQuery(date(2024, 1, 1), date(2024, 3, 31), (stories[1],)))
    assert [(p.program, p.stories, p.people) for p in result.programs] == [("Lift", 1, None)]
