"""Which failed writes are tried again in place, and how long to wait between the tries.

A leader change, a coordinator move, concurrent transactions or a lost connection to one
broker are passing states of a cluster that keeps its quorum: Kafka's own producer retries
them until ``delivery.timeout.ms``, and so does the store, until ``KAFKA_WRITE_TIMEOUT``
after the write was asked for (``committing.GroupCommit``). A failure that another try
cannot mend (a fence, an ACL, a record too large, a version conflict) is answered at once.

The retried unit is the whole transaction: the failed one is aborted (or, its commit
unanswered, completed by the coordinator), the writer initialises its transactional ids
again with its own producer id and epoch (which can never fence a newer writer) and reads
the log to its end, and the requests are planned afresh: new notification ids continue the
log as it is, so ids stay dense and a transaction whose commit went unanswered is found in the
log (it committed) or not (it was aborted), never written twice.
"""

from __future__ import annotations

import random
import time

from eventsourcing.persistence import DataError, IntegrityError
from kafka.errors import KafkaError

from gateways.stores.kafka.errors import (
    BrokerUnavailableError,
    CommitOutcomeUnknownError,
    KafkaAccessError,
    WriteFailedError,
    WriterFencedError,
)
from gateways.stores.kafka.protocol.cluster import RetriableError

RETRIABLE_CODES = frozenset({3, 5, 6, 7, 13, 14, 15, 16, 19, 20, 51, 56, 74, 75})
"""Kafka error codes a later try may not meet: UNKNOWN_TOPIC_OR_PARTITION (3, during an
election), LEADER_NOT_AVAILABLE (5), NOT_LEADER_OR_FOLLOWER (6), REQUEST_TIMED_OUT (7),
NETWORK_EXCEPTION (13), COORDINATOR_LOAD_IN_PROGRESS (14), COORDINATOR_NOT_AVAILABLE (15),
NOT_COORDINATOR (16), NOT_ENOUGH_REPLICAS (19), NOT_ENOUGH_REPLICAS_AFTER_APPEND (20),
CONCURRENT_TRANSACTIONS (51), KAFKA_STORAGE_ERROR (56), FENCED_LEADER_EPOCH (74),
UNKNOWN_LEADER_EPOCH (75)."""


def retriable_cause(error: BaseException) -> bool:
    """Whether a failed request's cause is a passing state of the cluster.

    Lost connections and timeouts, the broker errors of ``RETRIABLE_CODES`` (raised as
    ``cluster.RetriableError`` or as kafka-python's error classes) and brokers not answering
    are; fences, refusals by ACLs or TLS/SASL, and data errors never are.
    """
    if isinstance(error, WriterFencedError | KafkaAccessError | DataError | IntegrityError):
        return False
    if isinstance(error, OSError | TimeoutError | BrokerUnavailableError):
        return True  # ConnectionLostError and NoAnswerError are BrokerUnavailableErrors
    if isinstance(error, KafkaError):
        return getattr(error, "errno", None) in RETRIABLE_CODES
    return isinstance(error, RetriableError)


def retriable(failure: BaseException) -> bool:
    """Whether a write that failed with ``failure`` (the store's own errors) is tried again.

    ``WriteFailedError`` carries whether its cause was retriable (``retry``); an unanswered
    commit (``CommitOutcomeUnknownError``) is resolved by the next try, which reads the log.
    """
    if isinstance(failure, CommitOutcomeUnknownError):
        return True
    if isinstance(failure, WriteFailedError):
        return bool(getattr(failure, "retry", False))
    return retriable_cause(failure)


def mark(failure: WriteFailedError, cause: BaseException) -> WriteFailedError:
    """Note on ``failure`` whether its cause may pass (see ``retriable``)."""
    failure.retry = retriable(cause)  # type: ignore[attr-defined]
    return failure


class Backoff:
    """Exponential backoff with jitter, as Kafka's clients do (KIP-580): from ``initial``
    seconds, doubling to ``maximum``, each delay spread by +-``jitter`` of itself."""

    def __init__(
        self,
        initial: float = 0.05,
        maximum: float = 1.0,
        jitter: float = 0.2,
        *,
        seed: int | None = None,
    ) -> None:
        self.initial, self.maximum, self.jitter = initial, maximum, jitter
        self.attempts = 0
        self._random = random.Random(seed)

    def next_delay(self) -> float:
        """The delay before the next try (and count this try)."""
        base = min(self.initial * 2**self.attempts, self.maximum)
        self.attempts += 1
        return base * (1 + self._random.uniform(-self.jitter, self.jitter))

    def reset(self) -> None:
        self.attempts = 0

    def sleep(self, until: float | None = None) -> None:
        """Sleep the next delay, but never past ``until`` (a time.monotonic() deadline)."""
        delay = self.next_delay()
        if until is not None:
            delay = min(delay, max(until - time.monotonic(), 0.0))
        time.sleep(delay)
