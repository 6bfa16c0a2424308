"""Which failed writes the Kafka store tries again, and its backoff between the tries."""

from __future__ import annotations

import time

import pytest
from eventsourcing.persistence import IntegrityError
from kafka.errors import InvalidTxnStateError, NotLeaderForPartitionError, ProducerFencedError

from gateways.stores.kafka.errors import (
    BrokerUnavailableError,
    CommitOutcomeUnknownError,
    EventTooLargeError,
    KafkaAuthorisationError,
    WriteFailedError,
    WriterFencedError,
)
from gateways.stores.kafka.protocol.cluster import check
from gateways.stores.kafka.protocol.wire import ConnectionLostError, NoAnswerError
from gateways.stores.kafka.retries import Backoff, mark, retriable, retriable_cause

PASSING = {
    3: "UNKNOWN_TOPIC_OR_PARTITION",
    5: "LEADER_NOT_AVAILABLE",
    6: "NOT_LEADER_OR_FOLLOWER",
    14: "COORDINATOR_LOAD_IN_PROGRESS",
    15: "COORDINATOR_NOT_AVAILABLE",
    16: "NOT_COORDINATOR",
    19: "NOT_ENOUGH_REPLICAS",
    20: "NOT_ENOUGH_REPLICAS_AFTER_APPEND",
    51: "CONCURRENT_TRANSACTIONS",
}


def each_error(*errors: Exception) -> pytest.MarkDecorator:
    """Run the test once per error, named after the error's class."""
    return pytest.mark.parametrize("error", errors, ids=type)


def broker_answer(code: int) -> Exception:
    """What the store raises for a broker's error code (cluster.check)."""
    with pytest.raises(Exception) as raised:
        check(code, "writing")
    return raised.value


@pytest.mark.parametrize("code", sorted(PASSING), ids=PASSING.get)
def test_a_leader_or_coordinator_moving_is_tried_again(code: int) -> None:
    assert retriable_cause(broker_answer(code))


@pytest.mark.parametrize("code", [47, 48, 90, 10, 2], ids=str)
def test_fences_and_bad_records_are_never_tried_again(code: int) -> None:
    assert not retriable_cause(broker_answer(code))


@each_error(
    ConnectionLostError("lost the connection to 127.0.0.1:9092"),
    NoAnswerError("no answer within 10s"),
    BrokerUnavailableError("no broker answered"),
    NotLeaderForPartitionError("moved"),
    OSError("connection refused"),
)
def test_lost_connections_and_unanswering_brokers_are_tried_again(error: Exception) -> None:
    assert retriable_cause(error)


@each_error(
    ProducerFencedError("fenced"),
    InvalidTxnStateError("aborted by a newer writer"),
    WriterFencedError("fenced"),
    KafkaAuthorisationError("writer is not authorised"),
    IntegrityError("version 2 of x is already recorded"),
    EventTooLargeError("too large"),
)
def test_a_fence_a_refusal_or_a_conflict_is_answered_at_once(error: Exception) -> None:
    assert not retriable(error)


def test_a_failed_transaction_is_retried_when_its_cause_may_pass() -> None:
    moved = mark(WriteFailedError("not committed"), broker_answer(6))
    refused = mark(WriteFailedError("not committed"), ProducerFencedError("fenced"))

    assert (retriable(moved), retriable(refused)) == (True, False)


def test_a_failure_following_a_retriable_one_is_retriable_too() -> None:
    earlier = mark(WriteFailedError("connection lost"), ConnectionLostError("lost"))

    assert retriable(mark(WriteFailedError("an earlier transaction failed"), earlier))


def test_an_unmarked_write_failure_is_not_retried() -> None:
    assert not retriable(WriteFailedError("stayed busy; nothing was sent"))


def test_an_unanswered_commit_is_retried_to_learn_its_outcome() -> None:
    assert retriable(CommitOutcomeUnknownError("a commit got no answer"))


def test_the_backoff_doubles_from_its_first_delay_up_to_its_maximum() -> None:
    backoff = Backoff(initial=0.05, maximum=0.4, jitter=0.0)

    assert [backoff.next_delay() for _ in range(6)] == [0.05, 0.1, 0.2, 0.4, 0.4, 0.4]


def test_the_backoff_spreads_each_delay_by_its_jitter() -> None:
    backoff = Backoff(initial=1.0, maximum=1.0, jitter=0.2, seed=7)

    delays = [backoff.next_delay() for _ in range(200)]

    assert all(0.8 <= delay <= 1.2 for delay in delays)
    assert max(delays) - min(delays) > 0.2  # spread, not one fixed delay


def test_a_reset_backoff_starts_from_its_first_delay_again() -> None:
    backoff = Backoff(initial=0.05, maximum=1.0, jitter=0.0)
    for _ in range(4):
        backoff.next_delay()

    backoff.reset()

    assert backoff.next_delay() == 0.05


def test_the_backoff_never_sleeps_past_the_deadline() -> None:
    backoff = Backoff(initial=5.0, maximum=5.0, jitter=0.0)
    started = time.monotonic()

    backoff.sleep(until=started + 0.05)

    assert time.monotonic() - started < 1.0
