"""An aggregate created with state starts as its creation event's own fields, nothing else."""

from __future__ import annotations

from dataclasses import replace
from uuid import uuid4

from domain.base import Stamp
from domain.stories import SuccessStory
from tests.unit.domain.support import DAY


def story() -> SuccessStory:
    """A story of two people, as a program records it."""
    return SuccessStory.record(
        story_id=uuid4(), program_id=uuid4(), mentorship_id=None, title="Close rate up",
        text="after a day with a mentor", employee_ids=("E1", "E2"), stamp=Stamp("A1", DAY),
    )


def test_the_aggregate_holds_the_creation_events_own_fields() -> None:
    recorded = story()
    assert (recorded.title, recorded.text, recorded.employee_ids) == (
        "Close rate up", "after a day with a mentor", ("E1", "E2")
    )
    assert not hasattr(recorded, "actor") and not hasattr(recorded, "effective_date")


def test_a_tuple_read_back_from_json_as_a_list_is_a_tuple_again() -> None:
    created = story().collect_events()[0]
    as_read_back = replace(created, employee_ids=["E1", "E2"])
    assert as_read_back.mutate(None).employee_ids == ("E1", "E2")
