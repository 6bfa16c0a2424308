"""The history of one aggregate: every event, in order, with who, when and where."""

from __future__ import annotations

from datetime import datetime

from gateways.audit.history import aggregate_history
from gateways.audit.log import EventLog
from tests.unit.audit.scenario import Story


def test_lists_every_event_of_the_aggregate_in_recorded_order(
    event_log: EventLog, story: Story
) -> None:
    entries = list(aggregate_history(event_log, story.mentorship_id))
    assert [(e.event_type, e.version) for e in entries] == [
        ("Mentorship.Matched", 1), ("Mentorship.MemoFiled", 2), ("Mentorship.Ended", 3),
    ]


def test_names_each_event_by_its_notification_id(event_log: EventLog, story: Story) -> None:
    ids = [e.notification_id for e in aggregate_history(event_log, story.mentorship_id)]
    assert ids == sorted(ids) and len(set(ids)) == 3 and all(i is not None for i in ids)


def test_carries_the_business_effective_date_and_the_actor(
    event_log: EventLog, story: Story
) -> None:
    ended = list(aggregate_history(event_log, story.mentorship_id))[-1]
    assert (ended.effective_date, ended.actor) == ("2024-06-30", "hris")


def test_carries_the_recorded_time_as_a_utc_instant(event_log: EventLog, story: Story) -> None:
    matched = next(aggregate_history(event_log, story.mentorship_id))
    assert matched.recorded_at is not None
    assert datetime.fromisoformat(matched.recorded_at).utcoffset() is not None


def test_shows_the_event_fields_as_the_code_reads_them(event_log: EventLog, story: Story) -> None:
    ended = list(aggregate_history(event_log, story.mentorship_id))[-1]
    assert ended.data == {"reason": "participant_left", "note": "E2 left the company"}


def test_of_an_unknown_aggregate_is_empty(event_log: EventLog) -> None:
    from uuid import uuid4

    assert list(aggregate_history(event_log, uuid4())) == []
