"""Planning a group commit: numbering, chaining, and refusing requests one by one."""

from __future__ import annotations

import uuid

import pytest
from eventsourcing.persistence import IntegrityError, StoredEvent, Tracking

from gateways.kafka_store.errors import EventTooLargeError
from gateways.kafka_store.index import EventIndex, TrackingIndex
from gateways.kafka_store.plan import GroupPlan, TopicLog, WriteRequest


def log() -> TopicLog:
    return TopicLog("p.App.events", EventIndex(contiguous=True), numbered=True)


def request(events_log: TopicLog, *versions: int, size: int = 2) -> WriteRequest:
    aggregate = uuid.uuid4()
    return WriteRequest(events_log, [StoredEvent(aggregate, v, "T", b"x" * size) for v in versions])


def plan() -> GroupPlan:
    return GroupPlan("p.App.tracking", TrackingIndex(), max_bytes=10_000)


def test_requests_in_one_group_get_consecutive_notification_ids() -> None:
    events_log, group = log(), plan()
    first, second = request(events_log, 1, 2), request(events_log, 1)
    group.add(first)
    group.add(second)

    group.apply([10, 11, 12])

    assert first.notification_ids == [1, 2]
    assert second.notification_ids == [3]
    assert events_log.index.next_offset == 13


def test_each_record_chains_from_the_one_before_it_across_requests() -> None:
    events_log, group = log(), plan()
    group.add(request(events_log, 1))
    group.add(request(events_log, 1))

    first, second = (dict(record.headers)["hash"] for _, record in group.sends)
    group.apply([0, 1])

    assert events_log.index.last_hash == second.decode()
    assert first != second


def test_an_oversized_event_is_refused_without_staging_its_batch() -> None:
    events_log, group = log(), plan()

    with pytest.raises(EventTooLargeError):
        group.add(request(events_log, 1, 2, size=20_000))

    assert group.sends == []


def test_stale_tracking_refuses_the_request_and_its_events() -> None:
    events_log, group = log(), plan()
    group.add(WriteRequest(None, [], Tracking("up", 2)))
    stale = request(events_log, 1)
    stale.tracking = Tracking("up", 2)

    with pytest.raises(IntegrityError):
        group.add(stale)

    assert len(group.sends) == 1
