"""Parked messages after the fact: applied once their employee is hired, or expired."""

from __future__ import annotations

from dataclasses import dataclass

import structlog

from gateways.entrypoints.hris.contract import parse_message
from gateways.entrypoints.hris.deadletter import EXPIRED, REJECTED, DeadLetter, DeadLetters
from gateways.entrypoints.hris.desk import ParkingDesk
from gateways.entrypoints.hris.outcomes import DEAD_LETTERED, PARKED, attempt
from gateways.entrypoints.hris.parking import ParkedMessage
from gateways.entrypoints.hris.position import carrying
from gateways.entrypoints.hris.records import SourceRecord
from services.mentoring import MentoringService

log = structlog.get_logger(__name__)


@dataclass(eq=False)
class ParkedReplayer:
    """Replays parked messages in parking order; event ids keep each effect single."""

    service: MentoringService
    dead_letters: DeadLetters
    desk: ParkingDesk
    max_age: float

    def release_ready(self, employee_id: str) -> None:
        """Apply the employee's parked messages, oldest first, stopping at one still waiting."""
        with carrying(None):
            for parked in self.desk.waiting_for(employee_id):
                outcome, refusal = attempt(self.service, parse_message(parked.value.encode()))
                if outcome == PARKED:
                    return
                if outcome == DEAD_LETTERED:
                    self._dead_letter(parked, REJECTED, refusal or "")
                self.desk.release(parked, outcome)
                log.info("hris_parked_released", event_id=parked.event_id, outcome=outcome)

    def expire_overdue(self) -> None:
        """Dead-letter every message parked for longer than ``max_age``."""
        with carrying(None):
            for parked in self.desk.overdue(self.max_age):
                reason = (
                    f"employee {parked.employee_id} was not hired within {self.max_age:g}s "
                    f"of parking ({parked.reason})"
                )
                self._dead_letter(parked, EXPIRED, reason)
                self.desk.expire(parked, reason)
                log.warning("hris_parked_expired", event_id=parked.event_id)

    def _dead_letter(self, parked: ParkedMessage, stage: str, reason: str) -> None:
        record = SourceRecord(
            parked.topic,
            parked.partition,
            parked.offset,
            parked.value.encode(),
            parked.employee_id.encode(),
        )
        self.dead_letters.send(DeadLetter(record, stage, reason, parked.event_id))
        self.dead_letters.flush()
