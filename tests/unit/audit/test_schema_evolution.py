"""An event whose schema changed reads through its upcast; its recorded form stays visible."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from eventsourcing.persistence import StoredEvent

from gateways.audit.history import aggregate_history
from gateways.audit.log import EventLog
from gateways.audit.logic.entries import HistoryEntry
from services.mentoring import MentoringService
from tests.unit.audit.scenario import Story


def as_version_1(stored: StoredEvent) -> StoredEvent:
    """What Program.Launched looked like at schema version 1: no require_training."""
    state = json.loads(stored.state)
    del state["class_version"], state["require_training"]
    return replace(stored, state=json.dumps(state).encode())


@pytest.fixture
def launched_v1(service: MentoringService, story: Story) -> HistoryEntry:
    """Program.Launched of the story, recorded again (as a new program) at schema version 1."""
    from uuid import uuid4

    original = service.recorder.select_events(story.program_id, limit=1)[0]
    old = as_version_1(original)
    copy = replace(old, originator_id=uuid4())
    service.recorder.insert_events([copy])
    event_log = EventLog(service.recorder, service.mapper)
    assert isinstance(copy.originator_id, type(story.program_id))
    return next(aggregate_history(event_log, copy.originator_id, with_raw=True))


def test_an_old_event_is_read_through_its_upcast(launched_v1: HistoryEntry) -> None:
    assert launched_v1.data["require_training"] is True


def test_an_old_event_says_which_schema_version_it_was_recorded_at(
    launched_v1: HistoryEntry,
) -> None:
    assert launched_v1.schema_version == 1


def test_an_old_events_recorded_form_is_shown_as_recorded(launched_v1: HistoryEntry) -> None:
    assert launched_v1.raw is not None
    assert "require_training" not in launched_v1.raw["state"]


def test_a_current_event_says_its_schema_version(event_log: EventLog, story: Story) -> None:
    launched = next(aggregate_history(event_log, story.program_id))
    assert launched.schema_version == 2
