"""The state of an aggregate as of a version or a recorded time, replayed from its events."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import uuid4

import pytest
from eventsourcing.application import AggregateNotFoundError
from eventsourcing.utils import get_topic

from domain.mentorships import Mentorship
from gateways.audit.as_of import state_as_of
from gateways.audit.history import aggregate_history
from gateways.audit.log import EventLog
from gateways.audit.logic.as_of import NothingRecordedYet
from services.mentoring import MentoringService
from tests.unit.audit.scenario import Story


def recorded(event_log: EventLog, story: Story, event_type: str) -> datetime:
    entry = next(e for e in aggregate_history(event_log, story.mentee_id)
                 if e.event_type == event_type)
    assert entry.recorded_at is not None
    return datetime.fromisoformat(entry.recorded_at)


def test_as_of_version_one_is_the_hire(service: MentoringService, story: Story) -> None:
    state = state_as_of(service, story.mentee_id, version=1)
    assert (state.version, state.state["left_on"], state.state["mentorships"]) == (1, None, {})


def test_without_an_instant_is_the_latest_state(service: MentoringService, story: Story) -> None:
    state = state_as_of(service, story.mentee_id)
    assert (state.version, state.state["left_on"]) == (6, "2024-06-30")


def test_as_of_a_recorded_time_takes_the_last_event_recorded_by_then(
    service: MentoringService, event_log: EventLog, story: Story
) -> None:
    just_before = recorded(event_log, story, "Employee.Left") - timedelta(microseconds=1)
    state = state_as_of(service, story.mentee_id, at=just_before)
    assert state.version == 4 and state.state["left_on"] is None
    assert list(state.state["mentorships"]) == [str(story.mentorship_id)]


def test_as_of_the_instant_an_event_was_recorded_includes_it(
    service: MentoringService, event_log: EventLog, story: Story
) -> None:
    state = state_as_of(service, story.mentee_id, at=recorded(event_log, story, "Employee.Left"))
    assert state.state["leave_reason"] == "voluntary"


def test_before_the_first_event_is_refused(
    service: MentoringService, event_log: EventLog, story: Story
) -> None:
    before = recorded(event_log, story, "Employee.Hired") - timedelta(seconds=1)
    with pytest.raises(NothingRecordedYet):
        state_as_of(service, story.mentee_id, at=before)


def test_a_version_beyond_the_last_is_refused(service: MentoringService, story: Story) -> None:
    with pytest.raises(AggregateNotFoundError):
        state_as_of(service, story.mentee_id, version=99)


def test_an_unknown_aggregate_is_refused(service: MentoringService, story: Story) -> None:
    with pytest.raises(AggregateNotFoundError):
        state_as_of(service, uuid4())


def test_names_the_aggregate_class(service: MentoringService, story: Story) -> None:
    state = state_as_of(service, story.mentorship_id, version=2)
    assert state.aggregate_type == get_topic(Mentorship)
    assert state.state["memos_filed"] == 1
