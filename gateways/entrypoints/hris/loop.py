"""The ingestion loop: poll, handle, checkpoint; retry what the infrastructure failed.

A failure of the store or the brokers never advances a position: the loop waits, forgets its
in-memory state and seeks back to the positions the store recorded before going on.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import structlog

from gateways.entrypoints.hris.consumer import HrisConsumer
from gateways.entrypoints.hris.deadletter import KafkaDeadLetters
from gateways.entrypoints.hris.ingestor import Ingestor
from gateways.entrypoints.hris.outcomes import is_transient
from gateways.stores.kafka.errors import WriterFencedError

log = structlog.get_logger(__name__)

MAX_BACKOFF = 10.0


@dataclass
class HrisIngestion:
    """A connected ingestion: the ingestor, the HRIS consumer and the dead-letter publisher."""

    ingestor: Ingestor
    consumer: HrisConsumer
    dead_letters: KafkaDeadLetters
    poll_timeout_ms: int = 500
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self, until_caught_up: bool = False) -> None:
        """Ingest until stopped (or, with ``until_caught_up``, until the topic's end)."""
        log.info("hris_ingest_started", topic=self.consumer.topic)
        backoff = 0.5
        stale = True
        while not self.stop.is_set():
            try:
                if stale:
                    self._resume()
                    stale = False
                idle = self._round()
            except WriterFencedError:
                raise
            except Exception as error:
                if not is_transient(error):
                    raise
                log.warning("hris_ingest_retrying", error=str(error), backoff=backoff)
                self.stop.wait(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)
                stale = True
                continue
            backoff = 0.5
            if idle and until_caught_up and self.consumer.caught_up():
                log.info("hris_ingest_caught_up", positions=str(self.consumer.next_offsets))
                return

    def close(self) -> None:
        """Close the Kafka clients and the service's store."""
        self.consumer.close()
        self.dead_letters.close()
        self.ingestor.service.close()

    def _round(self) -> bool:
        records = self.consumer.poll(self.poll_timeout_ms)
        for record in records:
            self.ingestor.handle(record)
            self.consumer.done(record)
        self.ingestor.checkpoint()
        self.consumer.commit()
        self.ingestor.expire_overdue()
        return not records

    def _resume(self) -> None:
        """Start afresh from the store: parked messages first, then the recorded positions."""
        self.ingestor.start()
        self.consumer.assign_from(self.ingestor.position_of)
