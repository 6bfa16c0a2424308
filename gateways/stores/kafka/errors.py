"""The store's failures: eventsourcing persistence exceptions with messages that say what to do."""

from __future__ import annotations

from eventsourcing.persistence import DataError, OperationalError


class BrokerUnavailableError(OperationalError):
    """The brokers named in KAFKA_BOOTSTRAP_SERVERS did not answer in time."""


class WriterFencedError(OperationalError):
    """Another writer took ownership of the application's topics; this one can never write again."""


class WriteFailedError(OperationalError):
    """A transaction did not commit (broker lost, timeout): none of its events is visible.

    The outcome of a commit that timed out can be unknown to the writer; the next write first
    re-reads the log, so a retry either succeeds or raises IntegrityError if the first attempt
    was in fact committed.
    """


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
    """The log contradicts itself (e.g. a notification id out of sequence)."""


class KafkaAccessError(OperationalError):
    """The brokers refused this client (TLS, authentication or authorisation): retrying with the
    same settings cannot help, so it is raised at once and its message is one line naming why."""


class KafkaTlsError(KafkaAccessError):
    """The TLS handshake failed: an untrusted or mismatched broker certificate, or mTLS refused."""


class KafkaAuthenticationError(KafkaAccessError):
    """SASL authentication failed (wrong credentials, mechanism not enabled, no OAuth token)."""


class KafkaAuthorisationError(KafkaAccessError):
    """The broker's ACLs do not allow this principal what the store asked for."""
