"""The store's failures: eventsourcing persistence exceptions with messages that say what to do."""

from __future__ import annotations

from eventsourcing.persistence import DataError, OperationalError


class BrokerUnavailableError(OperationalError):
    """The brokers named in KAFKA_BOOTSTRAP_SERVERS did not answer in time."""


class WriterFencedError(OperationalError):
    """Another writer took ownership of the application's topics; this one can never write again."""


class WriteFailedError(OperationalError):
    """A transaction did not commit (broker lost, refused, aborted): none of its events is
    visible. A commit sent and never answered is CommitOutcomeUnknownError instead."""


class CommitOutcomeUnknownError(OperationalError):
    """A commit was sent but its answer never came (connection lost, timeout): the transaction
    may or may not be in the log. Never "nothing was written": the next write re-reads the log,
    so retrying the same command (with the same Idempotency-Key) is safe."""

    outcome_unknown = True  # what the HTTP layer maps to its own 503 (no import of this store)


class ForeignRecordError(DataError):
    """A record in one of the store's topics was not written by this store (no schema header)."""

    def __init__(self, topic: str, offset: int, reason: str) -> None:
        super().__init__(
            f"record at offset {offset} of topic {topic!r} is not a mentoring-es record "
            f"({reason}); refusing to start rather than skipping it"
        )
        self.topic = topic
        self.offset = offset


class EventTooLargeError(DataError):
    """An event is larger than the topic accepts; nothing of its batch was written."""


class LogCorruptedError(DataError):
    """The log contradicts itself (a notification id out of sequence, a hash that does not
    chain): the store refuses to start, and so to write on top of it."""


class CheckpointMismatchError(DataError):
    """The local index checkpoint in MENTORING_KAFKA_STATE_DIR was made for another cluster,
    topic prefix or topic: refused (one line naming both) rather than rebuilt over."""


class KafkaAccessError(OperationalError):
    """The brokers refused this client (TLS, authentication or authorisation): retrying with the
    same settings cannot help, so it is raised at once and its message is one line naming why."""


class KafkaTlsError(KafkaAccessError):
    """The TLS handshake failed: an untrusted or mismatched broker certificate, or mTLS refused."""


class KafkaAuthenticationError(KafkaAccessError):
    """SASL authentication failed (wrong credentials, mechanism not enabled, no OAuth token)."""


class KafkaAuthorisationError(KafkaAccessError):
    """The broker's ACLs do not allow this principal what the store asked for."""
