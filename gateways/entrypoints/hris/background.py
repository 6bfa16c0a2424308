"""The HRIS ingestion on a background thread, for a process that also serves the command API.

On the Kafka store the mentoring application has one writer: the API and the ingestion must
share one service in one process, or they fence each other.
"""

from __future__ import annotations

from gateways.background import BackgroundLoop
from gateways.entrypoints.hris.loop import HrisIngestion


class BackgroundIngestion(BackgroundLoop):
    """Runs an HrisIngestion on a daemon thread; `stop` ends it and closes its Kafka clients."""

    def __init__(self, ingestion: HrisIngestion) -> None:
        super().__init__(ingestion, "hris-ingestion")
        self.ingestion = ingestion

    def close(self) -> None:
        """Close the consumer and the dead-letter producer."""
        self.ingestion.consumer.close()
        self.ingestion.dead_letters.close()
