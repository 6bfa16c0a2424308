"""The parking lot is snapshotted: a restart loads only what is parked now, not its history."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from domain.snapshots import MentoringSnapshot
from gateways.entrypoints.hris.ingestor import Ingestor
from gateways.entrypoints.hris.parking import ParkingLot
from gateways.entrypoints.hris.records import SourceRecord
from services.mentoring import MentoringService
from tests.support.snapshot_reads import reads_after
from tests.unit.hris.conftest import TOPIC, message, sqlite_service

INTERVAL = 4


def snapshotting_service(db_file: str) -> MentoringService:
    """The ingestion's service on ``db_file``, snapshotting every ``INTERVAL`` events."""
    app = sqlite_service(db_file)
    env = {**app.env, "SNAPSHOT_INTERVAL": str(INTERVAL)}
    app.close()
    return MentoringService(env=env)


def park_six_hire_five(ingestor: Ingestor) -> None:
    """Six leavers parked (E1..E6), then five of them hired (their messages released)."""
    values = [message("left", f"E{n}", f"l{n}", reason="voluntary") for n in range(1, 7)]
    values += [message("hired", f"E{n}", f"h{n}") for n in range(1, 6)]
    for offset, value in enumerate(values):
        ingestor.handle(SourceRecord(TOPIC, 0, offset, value))


def test_a_restart_loads_the_lot_from_its_snapshot_holding_only_what_waits(
    db_file: str,
    make_ingestor: Callable[[MentoringService], Ingestor],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = snapshotting_service(db_file)
    park_six_hire_five(make_ingestor(first))  # opened, 6 parked, 5 released: version 12
    first.close()
    second = snapshotting_service(db_file)
    reads = reads_after(second, monkeypatch)

    ingestor = make_ingestor(second)

    assert ingestor.desk.lot is not None
    assert list(ingestor.desk.lot.pending) == ["l6"]
    assert reads[0] == 12  # the lot: nothing replayed before its last snapshot
    second.close()


def test_a_message_parked_before_a_snapshot_is_applied_after_the_restart(
    db_file: str, make_ingestor: Callable[[MentoringService], Ingestor]
) -> None:
    first = snapshotting_service(db_file)
    park_six_hire_five(make_ingestor(first))
    first.close()
    second = snapshotting_service(db_file)

    make_ingestor(second).handle(SourceRecord(TOPIC, 0, 11, message("hired", "E6", "h6")))

    assert not second.employee("E6").is_employed
    assert second.snapshots is not None
    snapshot = list(second.snapshots.get(ParkingLot.create_id(TOPIC)))[-1]
    assert isinstance(snapshot, MentoringSnapshot)
    lot = snapshot.mutate(None)
    assert lot.version == 12 and list(lot.pending) == ["l6"]
    second.close()
