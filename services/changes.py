"""A command's working set: each aggregate loaded once, changed in place, saved together."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar
from uuid import UUID

from domain.base import MentoringAggregate
from domain.employees import Employee
from domain.errors import EmployeeNotFound, NotFound

if TYPE_CHECKING:
    from services.core import ServiceCore

A = TypeVar("A", bound=MentoringAggregate)


class Changes:
    """The aggregates one command reads and changes, keyed by id (one copy of each)."""

    def __init__(self, service: ServiceCore) -> None:
        self.service = service
        self.aggregates: dict[UUID, MentoringAggregate] = {}

    def add(self, aggregate: A) -> A:
        """Take a new aggregate into the working set."""
        self.aggregates[aggregate.id] = aggregate
        return aggregate

    def get(self, cls: type[A], aggregate_id: UUID, missing: type[NotFound], what: str) -> A:
        """The aggregate, loaded once per command."""
        known = self.aggregates.get(aggregate_id)
        if known is None:
            known = self.add(self.service._load(cls, aggregate_id, missing, what))
        if not isinstance(known, cls):
            raise missing(f"{what} not found")
        return known

    def employee(self, hris_id: str) -> Employee:
        """The employee with this HRIS id (EmployeeNotFound if never hired)."""
        return self.get(
            Employee, Employee.create_id(hris_id), EmployeeNotFound, f"employee {hris_id}"
        )

    def find_employee(self, hris_id: str) -> Employee | None:
        """The employee with this HRIS id, or None if never hired."""
        try:
            return self.employee(hris_id)
        except EmployeeNotFound:
            return None

    def all(self) -> list[MentoringAggregate]:
        """Every aggregate of the working set, to save together."""
        return list(self.aggregates.values())
