"""Which events concern an employee: theirs, and every event of an aggregate that names them.

An event concerns the employee when it belongs to their Employee aggregate, or when any value
of its stored state is their HRIS id or their aggregate id (as mentee, mentor, nominee,
partner, actor, ...). Once an aggregate has named them, all its later events concern them too:
a request withdrawn by the leaving policy names nobody, but is still part of their history.
Another person's Employee aggregate is the exception: only its events naming them count
(a partner's ``MentorshipJoined``), not that person's whole record.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification
from eventsourcing.utils import get_topic

from domain.employees import Employee

EMPLOYEE_TOPICS = f"{get_topic(Employee)}."
"""The start of every Employee event's topic (``module:Employee.``), nested classes after it."""


class EmployeeMentions:
    """A stateful filter over the notification log, in order, for one employee."""

    def __init__(self, hris_id: str) -> None:
        self.hris_id = hris_id
        self.employee_id = Employee.create_id(hris_id)
        self._names = {hris_id, self.employee_id.hex, str(self.employee_id)}
        self._involved: set[UUID | str] = {self.employee_id}

    def concerns(self, notification: Notification, state: Any) -> bool:
        """Whether the event is part of the employee's history (remembers its aggregate)."""
        if notification.originator_id in self._involved:
            return True
        if self._names_employee(state):
            if not notification.topic.startswith(EMPLOYEE_TOPICS):
                self._involved.add(notification.originator_id)
            return True
        return False

    def _names_employee(self, value: Any) -> bool:
        if isinstance(value, str):
            return value in self._names
        if isinstance(value, dict):
            return any(self._names_employee(item) for item in value.values())
        if isinstance(value, list):
            return any(self._names_employee(item) for item in value)
        return False
