"""The loop survives a failed write: nothing skipped, nothing doubled, the consumer goes on."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from eventsourcing.persistence import OperationalError, StoredEvent

from gateways.entrypoints.hris.desk import ParkingDesk
from gateways.entrypoints.hris.ingestor import Ingestor
from gateways.entrypoints.hris.loop import HrisIngestion
from gateways.entrypoints.hris.recorders import PositionedSQLiteRecorder
from gateways.entrypoints.hris.records import SourceRecord
from services.mentoring import MentoringService
from tests.unit.hris.conftest import TOPIC, Letters, message


class FailingOnceRecorder(PositionedSQLiteRecorder):
    """Fails its second insert (the broker or the disk had a moment)."""

    inserts = 0

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        type(self).inserts += 1
        if type(self).inserts == 2:
            raise OperationalError("database is locked")
        return super().insert_events(stored_events, **kwargs)


class TopicInMemory:
    """The consumer side of one partition, held in a list."""

    def __init__(self, values: list[bytes]) -> None:
        self.records = [SourceRecord(TOPIC, 0, n, v) for n, v in enumerate(values)]
        self.next = 0
        self.topic = TOPIC
        self.next_offsets: dict[str, int] = {}

    def assign_from(self, position_of: Callable[[str], int | None]) -> None:
        self.next = position_of(f"{TOPIC}:0") or 0

    def poll(self, timeout_ms: int) -> list[SourceRecord]:
        batch, self.next = self.records[self.next :], len(self.records)
        return batch

    def done(self, record: SourceRecord) -> None: ...

    def commit(self) -> None: ...

    def caught_up(self) -> bool:
        return self.next >= len(self.records)


def test_record_whose_write_failed_is_handled_again_and_the_next_ones_follow(
    letters: Letters,
) -> None:
    service = MentoringService(
        env={
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": ":memory:",
            "APPLICATION_RECORDER_TOPIC": f"{__name__}:FailingOnceRecorder",
        }
    )
    topic = TopicInMemory([message("hired", f"E{n}", f"h{n}") for n in range(3)])
    ingestor = Ingestor(service, letters, ParkingDesk(service, TOPIC), park_max_age=60.0)
    ingestion = HrisIngestion(ingestor, topic, letters)  # type: ignore[arg-type]
    ingestion.run(until_caught_up=True)
    assert [service.employee(f"E{n}").hris_id for n in range(3)] == ["E0", "E1", "E2"]
    assert service.recorder.max_tracking_id(f"{TOPIC}:0") == 3  # type: ignore[attr-defined]
