"""Fixtures of the HRIS gateway's unit tests: the service on SQLite in memory, letters in a list."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from gateways.entrypoints.hris.deadletter import DeadLetter
from gateways.entrypoints.hris.desk import ParkingDesk
from gateways.entrypoints.hris.ingestor import Ingestor
from gateways.entrypoints.hris.recorders import RECORDER_TOPICS
from gateways.entrypoints.hris.records import SourceRecord
from services.mentoring import MentoringService

TOPIC = "hris.employee-events"


class Letters:
    """Dead letters kept in a list; ``stored`` holds only the flushed ones."""

    def __init__(self) -> None:
        self.sent: list[DeadLetter] = []
        self.stored: list[DeadLetter] = []

    def send(self, letter: DeadLetter) -> None:
        self.sent.append(letter)

    def flush(self) -> None:
        self.stored = list(self.sent)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def sqlite_service(db: str = ":memory:") -> MentoringService:
    """The mentoring service as the ingestion builds it, on SQLite."""
    return MentoringService(
        env={
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": db,
            "APPLICATION_RECORDER_TOPIC": RECORDER_TOPICS["sqlite"],
        }
    )


def message(type_: str, employee_id: str, event_id: str, **attributes: Any) -> bytes:
    """The JSON bytes of one HRIS message (hires get default attributes)."""
    body: dict[str, Any] = {
        "event_id": event_id,
        "type": type_,
        "employee_id": employee_id,
        "effective_date": attributes.pop("effective_date", "2024-01-10"),
    }
    if type_ in ("hired", "rehired"):
        body.update(department="Sales", job_level=2, location="Leeds", manager_id=None)
    body.update(attributes)
    return json.dumps(body).encode()


@pytest.fixture
def service() -> Iterator[MentoringService]:
    app = sqlite_service()
    yield app
    app.close()


@pytest.fixture
def letters() -> Letters:
    return Letters()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def make_ingestor(
    letters: Letters, clock: Clock
) -> Callable[[MentoringService], Ingestor]:
    def make(app: MentoringService) -> Ingestor:
        ingestor = Ingestor(app, letters, ParkingDesk(app, TOPIC, clock), park_max_age=60.0)
        ingestor.start()
        return ingestor

    return make


@pytest.fixture
def ingestor(
    service: MentoringService, make_ingestor: Callable[[MentoringService], Ingestor]
) -> Ingestor:
    return make_ingestor(service)


@pytest.fixture
def feed(ingestor: Ingestor) -> Callable[..., list[str]]:
    """Hand values to the ingestor as consecutive records of partition 0; return the outcomes."""
    offsets = iter(range(10_000))

    def handle(*values: bytes) -> list[str]:
        return [ingestor.handle(SourceRecord(TOPIC, 0, next(offsets), v)) for v in values]

    return handle


@pytest.fixture
def db_file(tmp_path: Path) -> str:
    return str(tmp_path / "events.db")
