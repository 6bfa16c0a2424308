"""Snapshots of the aggregates that live long: a load reads the last snapshot and the events after.

``SNAPSHOT_INTERVAL`` (``MENTORING_SNAPSHOT_INTERVAL``, default 100; 0 turns snapshots off) is
read from the application's environment. After each save, an aggregate of a snapshotted class
whose new version is a multiple of the interval is snapshotted into the store's snapshot
recorder (SQLite: the ``snapshots`` table; Kafka: the compacted ``{prefix}.mentoring.snapshots``
topic). The log itself is unchanged: audits and projectors still read every event, and a
missing snapshot only means a longer replay.

Snapshotted: the aggregates whose streams grow for as long as the company runs (a program's
rounds and rule changes, an employee's career and participation, a mentor's enrolment in an
open-ended program), plus classes the gateways register with ``snapshotted`` (the HRIS parking
lot). Aggregates whose state holds private texts (mentorships, requests) are not: their streams
end with the pair, and a snapshot would hold those texts outside their sealed events.
"""

from __future__ import annotations

from typing import Any, TypeVar
from uuid import UUID

import structlog
from eventsourcing.application import Application, ProcessingEvent, project_aggregate
from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import Environment, EnvType

from domain.employees import Employee
from domain.mentors import MentorEnrolment
from domain.programs import Program
from domain.snapshots import EmployeeSnapshot, MentoringSnapshot

log = structlog.get_logger(__name__)

SNAPSHOT_INTERVAL = "SNAPSHOT_INTERVAL"
DEFAULT_INTERVAL = 100

SNAPSHOT_CLASSES: dict[type, type[MentoringSnapshot]] = {
    Program: MentoringSnapshot,
    Employee: EmployeeSnapshot,
    MentorEnrolment: MentoringSnapshot,
}
"""The snapshotted aggregate classes and the snapshot class of each."""

T = TypeVar("T", bound=type)


def snapshotted(cls: T) -> T:
    """Class decorator: snapshot this aggregate class too (its state: ``encode_state``'s types)."""
    SNAPSHOT_CLASSES[cls] = MentoringSnapshot
    return cls


def interval_from(text: str | None) -> int:
    """The interval a SNAPSHOT_INTERVAL value names (unset: the default; 0: off)."""
    if text is None or not text.strip():
        return DEFAULT_INTERVAL
    interval = int(text)
    if interval < 0:
        raise ValueError(f"{SNAPSHOT_INTERVAL} cannot be negative: {text!r}")
    return interval


class Snapshotting(Application[UUID]):
    """An application that snapshots ``SNAPSHOT_CLASSES`` every ``snapshot_interval`` events."""

    snapshot_interval: int = 0

    def construct_env(self, name: str, env: EnvType | None = None) -> Environment:
        """The library's environment, with the snapshot store enabled when the interval is set."""
        environment = super().construct_env(name, env)
        self.snapshot_interval = interval_from(environment.get(SNAPSHOT_INTERVAL))
        if self.snapshot_interval:
            for key in environment.create_keys("IS_SNAPSHOTTING_ENABLED"):
                environment[key] = "y"
        return environment

    def _take_snapshots(self, processing_event: ProcessingEvent[UUID]) -> None:
        """After a save: snapshot each snapshotted aggregate that reached a multiple of the
        interval. The events are recorded by now, so a failed snapshot is logged, never raised.

        Overrides the library's private hook (called by ``save``) on purpose: its public form,
        the ``snapshotting_intervals`` class variable, cannot take an interval read from the
        environment, nor keep a failed snapshot from failing a save that already recorded."""
        interval = self.snapshot_interval
        if self.snapshots is None or not interval:
            return
        for event in processing_event.events:
            aggregate = processing_event.aggregates.get(event.originator_id)
            if type(aggregate) not in SNAPSHOT_CLASSES or event.originator_version % interval:
                continue
            try:
                self.take_snapshot(event.originator_id, event.originator_version)
            except IntegrityError:  # another process took this very snapshot
                continue
            except Exception:
                log.exception(
                    "snapshot_failed", aggregate_id=str(event.originator_id),
                    version=event.originator_version,
                )

    def take_snapshot(
        self, aggregate_id: UUID, version: int | None = None, projector_func: Any = None
    ) -> None:
        """Snapshot the aggregate at ``version`` (default: its last) with its class's snapshot."""
        if self.snapshots is None:
            raise AssertionError(f"snapshots are off ({SNAPSHOT_INTERVAL}=0)")
        aggregate: Any = self.repository.get(
            aggregate_id, version=version, projector_func=projector_func or project_aggregate
        )
        snapshot_class = SNAPSHOT_CLASSES.get(type(aggregate), MentoringSnapshot)
        self.snapshots.put([snapshot_class.take(aggregate)])
        log.debug("snapshot_taken", aggregate_id=str(aggregate_id), version=aggregate.version)
