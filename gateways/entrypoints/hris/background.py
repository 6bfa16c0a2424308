"""The HRIS ingestion on a background thread, for a process that also serves the command API.

On the Kafka store the mentoring application has one writer: the API and the ingestion must
share one service in one process, or they fence each other.
"""

from __future__ import annotations

import threading

import structlog

from gateways.entrypoints.hris.loop import HrisIngestion

log = structlog.get_logger(__name__)


class BackgroundIngestion:
    """Runs an HrisIngestion on a daemon thread; `stop` ends it and closes its Kafka clients."""

    def __init__(self, ingestion: HrisIngestion) -> None:
        self.ingestion = ingestion
        self._thread: threading.Thread | None = None
        self.failure: BaseException | None = None

    def start(self) -> None:
        """Start ingesting (once)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="hris-ingestion", daemon=True)
            self._thread.start()

    @property
    def running(self) -> bool:
        """Whether the ingestion thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    def stop(self, timeout: float = 30.0) -> None:
        """Ask the loop to stop, wait for it, and close the consumer and dead-letter producer."""
        self.ingestion.stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self.ingestion.consumer.close()
        self.ingestion.dead_letters.close()

    def _run(self) -> None:
        try:
            self.ingestion.run()
        except BaseException as error:  # the API goes on; /readyz reports the ingestion down
            self.failure = error
            log.error("hris_ingestion_stopped", error=str(error), error_type=type(error).__name__)
