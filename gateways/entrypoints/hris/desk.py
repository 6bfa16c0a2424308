"""The parking desk: keeps the parking lot in memory and saves its changes through the service."""

from __future__ import annotations

import time
from collections.abc import Callable

from eventsourcing.application import AggregateNotFoundError, Application

from gateways.entrypoints.hris.contract import HrisMessage
from gateways.entrypoints.hris.parking import ParkedMessage, ParkingLot
from gateways.entrypoints.hris.records import SourceRecord


class ParkingDesk:
    """Park, release and expire messages of one topic; the lot is reloaded after any failure."""

    def __init__(
        self, service: Application, topic: str, clock: Callable[[], float] = time.time
    ) -> None:
        self.service = service
        self.topic = topic
        self.clock = clock
        self.lot: ParkingLot | None = None

    def load(self) -> None:
        """Read the lot from the store (None until the first message is parked)."""
        try:
            lot: object = self.service.repository.get(ParkingLot.create_id(self.topic))
        except AggregateNotFoundError:
            self.lot = None
            return
        assert isinstance(lot, ParkingLot)
        self.lot = lot

    def holds(self, event_id: str) -> bool:
        """Whether the message is parked already (an upstream duplicate of a parked one)."""
        return self.lot is not None and self.lot.holds(event_id)

    def waiting_for(self, employee_id: str) -> list[ParkedMessage]:
        """The messages parked for an employee, oldest first."""
        return self.lot.waiting_for(employee_id) if self.lot is not None else []

    def employees_waiting(self) -> list[str]:
        """Every employee with parked messages, in the order they were first parked."""
        pending = self.lot.pending.values() if self.lot is not None else []
        return list(dict.fromkeys(message.employee_id for message in pending))

    def overdue(self, max_age: float) -> list[ParkedMessage]:
        """The messages parked for longer than ``max_age`` seconds."""
        return self.lot.overdue(self.clock(), max_age) if self.lot is not None else []

    def park(self, record: SourceRecord, message: HrisMessage, reason: str) -> None:
        """Park the message (saved with the record's position, when one is being carried)."""
        lot = self.lot or ParkingLot(self.topic)
        lot.park(
            event_id=message.event_id,
            employee_id=message.employee_id,
            value=record.value.decode(),
            partition=record.partition,
            offset=record.offset,
            reason=reason,
            parked_at=self.clock(),
        )
        self._save(lot)

    def release(self, parked: ParkedMessage, outcome: str) -> None:
        """Take a handled message out of the lot."""
        assert self.lot is not None
        self.lot.release(parked.event_id, outcome)
        self._save(self.lot)

    def expire(self, parked: ParkedMessage, reason: str) -> None:
        """Take a message that waited too long out of the lot."""
        assert self.lot is not None
        self.lot.expire(parked.event_id, reason)
        self._save(self.lot)

    def _save(self, lot: ParkingLot) -> None:
        try:
            self.service.save(lot)
        except BaseException:
            self.load()
            raise
        self.lot = lot
