"""Snapshots of a log recorded before snapshots existed: each long-lived aggregate snapshotted at
its last version loads from that snapshot equal to its full replay, on both stores."""

from __future__ import annotations

from contextlib import closing
from uuid import UUID

import pytest
from eventsourcing.application import project_aggregate

from services.mentoring import MentoringService
from services.snapshots import SNAPSHOT_CLASSES
from tests.integration.legacy_log.test_legacy_log import legacy  # noqa: F401
from tests.support.snapshot_reads import reads_after


def test_every_long_lived_aggregate_of_the_recorded_log_loads_from_a_snapshot_as_replayed(
    legacy: tuple[str, dict[str, str]],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, env = legacy
    with closing(MentoringService(env=env)) as service:
        notifications = service.recorder.select_notifications(start=1, limit=100_000)
        last = {UUID(str(each.originator_id)): each.originator_version for each in notifications}
        replayed = {key: project_aggregate(None, service.events.get(key)) for key in last}
        long_lived = [key for key, found in replayed.items() if type(found) in SNAPSHOT_CLASSES]
        for aggregate_id in long_lived:
            service.take_snapshot(aggregate_id)
        reads = reads_after(service, monkeypatch)

        loaded = {key: vars(service.repository.get(key)) for key in long_lived}

    assert len(long_lived) > 150
    assert reads == [last[key] for key in long_lived]  # each read only after its snapshot
    assert loaded == {key: vars(replayed[key]) for key in long_lived}
