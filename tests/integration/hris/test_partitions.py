"""A topic of several partitions: each is tracked on its own, employees keep their order."""

from __future__ import annotations

from tests.integration.hris.conftest import Hris
from tests.integration.hris.feeds import expected_events, workforce


def test_every_partition_is_ingested_with_its_own_position(hris: Hris) -> None:
    hris.publish(workforce(12), partitions=3)
    hris.ingest()
    counts = hris.event_counts()
    assert {name: counts[name] for name in expected_events(12)} == expected_events(12)
    service = hris.service()
    try:
        positions = [service.recorder.max_tracking_id(f"{hris.topic}:{p}") for p in range(3)]  # type: ignore[attr-defined]
    finally:
        service.close()
    assert all(position for position in positions)
