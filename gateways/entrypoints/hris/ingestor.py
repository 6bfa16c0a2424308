"""Handling one HRIS record: parse, apply, park or dead-letter, with its position riding along.

A record whose handling writes (an applied command, a parked message) records its position in
that same write. A record that writes nothing (a duplicate, a dead letter) leaves its position
pending; ``checkpoint`` records it after the dead letters are flushed, so a recorded position
never passes a dead letter that was not stored.
"""

from __future__ import annotations

import structlog
from eventsourcing.persistence import ProcessRecorder, Tracking

from gateways.entrypoints.hris.contract import MalformedMessage, parse_message
from gateways.entrypoints.hris.deadletter import MALFORMED, REJECTED, DeadLetter, DeadLetters
from gateways.entrypoints.hris.desk import ParkingDesk
from gateways.entrypoints.hris.faults import Faults
from gateways.entrypoints.hris.outcomes import APPLIED, DEAD_LETTERED, DUPLICATE, PARKED, attempt
from gateways.entrypoints.hris.parked import ParkedReplayer
from gateways.entrypoints.hris.position import Position, carrying
from gateways.entrypoints.hris.records import SourceRecord
from services.mentoring import MentoringService

log = structlog.get_logger(__name__)


class Ingestor:
    """Turns HRIS records into the mentoring service's effects, exactly once each."""

    def __init__(
        self,
        service: MentoringService,
        dead_letters: DeadLetters,
        desk: ParkingDesk,
        park_max_age: float,
        faults: Faults | None = None,
    ) -> None:
        recorder = service.recorder
        if not isinstance(recorder, ProcessRecorder):
            raise TypeError("the service must record through a process recorder (tracking)")
        self.service = service
        self.recorder: ProcessRecorder = recorder
        self.dead_letters = dead_letters
        self.desk = desk
        self.faults = faults or Faults()
        self.parked = ParkedReplayer(service, dead_letters, desk, park_max_age)
        self._pending: dict[str, Position] = {}

    def position_of(self, source: str) -> int | None:
        """The next offset to read in a source partition (None: from the beginning)."""
        return self.recorder.max_tracking_id(source)

    def start(self) -> None:
        """Load the parking lot; apply parked messages whose employee exists by now."""
        self.recover()
        for employee_id in self.desk.employees_waiting():
            self.parked.release_ready(employee_id)
        self.parked.expire_overdue()

    def recover(self) -> None:
        """Forget in-memory state after a failure; the store is the source of truth."""
        self._pending.clear()
        self.desk.load()

    def handle(self, record: SourceRecord) -> str:
        """Handle one record; return what happened: applied, duplicate, parked, dead-lettered."""
        position = Position(Tracking(record.source, record.notification_id))
        self.faults.reached("before-effect")
        with carrying(position):
            outcome, employee_id = self._handle(record, position)
        if position.recorded:
            self._pending.pop(record.source, None)
            self.faults.reached("after-effect")
        else:
            self._pending[record.source] = position
        log.info("hris_record_handled", source=record.source, offset=record.offset, outcome=outcome)
        if employee_id is not None and outcome in (APPLIED, DUPLICATE):
            self.parked.release_ready(employee_id)
        return outcome

    def checkpoint(self) -> None:
        """Record the pending positions of records that wrote nothing."""
        if not self._pending:
            return
        self.dead_letters.flush()
        for source, position in list(self._pending.items()):
            self.recorder.insert_events([], **position.insert_kwargs())
            del self._pending[source]
        self.faults.reached("after-checkpoint")

    def expire_overdue(self) -> None:
        """Dead-letter the parked messages that waited too long."""
        self.parked.expire_overdue()

    def _handle(self, record: SourceRecord, position: Position) -> tuple[str, str | None]:
        try:
            message = parse_message(record.value)
        except MalformedMessage as error:
            self.dead_letters.send(DeadLetter(record, MALFORMED, error.reason))
            return DEAD_LETTERED, None
        self.dead_letters.flush()
        if self.desk.holds(message.event_id):
            return DUPLICATE, message.employee_id
        outcome, refusal = attempt(self.service, message)
        if outcome == PARKED:
            self.desk.park(record, message, refusal or "employee not hired yet")
        elif outcome == DEAD_LETTERED:
            self.dead_letters.send(DeadLetter(record, REJECTED, refusal or "", message.event_id))
        elif not position.recorded:
            outcome = DUPLICATE  # the service found the event id in its command log
        return outcome, message.employee_id
