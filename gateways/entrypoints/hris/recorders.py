"""Process recorders whose inserts carry the pending source position (see ``position``).

The composition root selects them with eventsourcing's APPLICATION_RECORDER_TOPIC, so the
mentoring service saves through them unchanged: on SQLite the tracking row is written in the
same SQL transaction as the events; on Kafka, the tracking record joins the events' Kafka
transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteProcessRecorder

from gateways.entrypoints.hris.position import riding_along
from gateways.stores.kafka.recorders import KafkaProcessRecorder

RECORDER_TOPICS = {
    "sqlite": "gateways.entrypoints.hris.recorders:PositionedSQLiteRecorder",
    "kafka": "gateways.entrypoints.hris.recorders:PositionedKafkaRecorder",
}


class RidingAlong:
    """Inserts that carry the pending source position (a mixin before a process recorder)."""

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        with riding_along(kwargs) as merged:
            inserted: Sequence[int] | None = super().insert_events(  # type: ignore[misc]
                stored_events, **merged
            )
            return inserted


class PositionedSQLiteRecorder(RidingAlong, SQLiteProcessRecorder):
    """SQLite events and tracking in one SQL transaction."""


class PositionedKafkaRecorder(RidingAlong, KafkaProcessRecorder):
    """Kafka events and tracking in one Kafka transaction."""
