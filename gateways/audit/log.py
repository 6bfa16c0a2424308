"""The event log as the audit reads it: the recorder and mapper of the mentoring application."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from eventsourcing.persistence import ApplicationRecorder, Mapper, Notification

BATCH_SIZE = 1000


@dataclass(frozen=True)
class EventLog:
    """One application's notification log and the mapper that decodes it."""

    recorder: ApplicationRecorder
    mapper: Mapper[Any]
    batch_size: int = BATCH_SIZE

    def notifications(self) -> Iterator[Notification]:
        """Every notification from the first, in order, read in batches (streaming)."""
        position: int | None = None
        while True:
            batch = self.recorder.select_notifications(
                position, self.batch_size, inclusive_of_start=False
            )
            yield from batch
            if len(batch) < self.batch_size:
                return
            position = batch[-1].id
