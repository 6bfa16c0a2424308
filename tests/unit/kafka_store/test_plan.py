"""Planning a group commit: numbering, chaining, and refusing requests one by one."""

from __future__ import annotations

import uuid
from threading import Lock

import pytest
from eventsourcing.persistence import IntegrityError, StoredEvent, Tracking

from gateways.stores.kafka.errors import EventTooLargeError
from gateways.stores.kafka.frontier import TrackingFrontier
from gateways.stores.kafka.index import EventIndex, TrackingIndex
from gateways.stores.kafka.plan import GroupPlan, TopicLog, Tracked, WriteRequest


def log() -> TopicLog:
    return TopicLog("p.App.events", EventIndex(contiguous=True), numbered=True)


def request(events_log: TopicLog, *versions: int, size: int = 2) -> WriteRequest:
    aggregate = uuid.uuid4()
    return WriteRequest(events_log, [StoredEvent(aggregate, v, "T", b"x" * size) for v in versions])


def plan(tracked: Tracked | None = None) -> GroupPlan:
    tracked = tracked or Tracked("p.App.tracking", TrackingIndex(), TrackingFrontier())
    return GroupPlan(tracked, max_bytes=10_000, lock=Lock())


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


def test_a_group_planned_while_another_commits_continues_its_ids_and_chain() -> None:
    events_log, first_group, second_group = log(), plan(), plan()
    first, second = request(events_log, 1), request(events_log, 1)
    first_group.add(first)
    second_group.add(second)  # the first group is sent, not yet committed

    first_group.apply([0])
    second_group.apply([1])

    _, first_record = first_group.sends[0]
    _, second_record = second_group.sends[0]
    assert second.notification_ids == [2]
    assert dict(second_record.headers)["hash"] != dict(first_record.headers)["hash"]
    assert events_log.index.last_hash == dict(second_record.headers)["hash"].decode()


def test_a_version_in_flight_is_refused_to_the_next_group() -> None:
    events_log, first_group, second_group = log(), plan(), plan()
    aggregate = uuid.uuid4()
    first_group.add(WriteRequest(events_log, [StoredEvent(aggregate, 1, "T", b"x")]))

    with pytest.raises(IntegrityError):
        second_group.add(WriteRequest(events_log, [StoredEvent(aggregate, 1, "T", b"y")]))


def test_a_committed_group_leaves_nothing_in_flight() -> None:
    events_log, group = log(), plan()
    group.add(request(events_log, 1, 2))

    group.apply([0, 1])

    assert events_log.frontier.in_flight.taken == set()
    assert events_log.frontier.in_flight.last_versions == {}


def test_after_a_failure_the_frontier_starts_again_from_the_index() -> None:
    events_log, group = log(), plan()
    group.add(request(events_log, 1))
    group.apply([0])
    plan().add(request(events_log, 1))  # sent, then its transaction failed

    events_log.frontier.reset()

    assert events_log.frontier.next_id == 2
    assert events_log.frontier.in_flight.taken == set()


def test_tracking_in_flight_is_refused_to_the_next_group_unless_it_is_higher() -> None:
    tracked = Tracked("p.App.tracking", TrackingIndex(), TrackingFrontier())
    plan(tracked).add(WriteRequest(None, [], Tracking("up", 5)))

    with pytest.raises(IntegrityError):
        plan(tracked).add(WriteRequest(None, [], Tracking("up", 5)))
    plan(tracked).add(WriteRequest(None, [], Tracking("up", 6)))
