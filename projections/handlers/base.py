"""The base of the row-producing projections: a shared batch and helpers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection

from domain.employees import Employee
from projections.rows import RowBatch
from projections.view import DuckDBView


@dataclass
class BatchHolder:
    """The batch the projections are currently filling; the runner swaps it after each commit."""

    batch: RowBatch = field(default_factory=RowBatch)


class RowProjection(Projection[DuckDBView]):
    """A projection whose handlers add rows to the shared batch instead of writing directly."""

    def __init__(self, view: DuckDBView, holder: BatchHolder) -> None:
        super().__init__(view)
        self._holder = holder

    @property
    def rows(self) -> RowBatch:
        """The batch being filled."""
        return self._holder.batch

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Events this projection does not know add no rows."""


def person(hris_id: str | None) -> UUID | None:
    """The employee id (uuid5 of the HRIS id) of a person named by HRIS id."""
    return None if hris_id is None else Employee.create_id(hris_id)


def columns(event: Any, *names: str) -> dict[str, Any]:
    """The event's fields ``names``, as the values of the columns of the same names."""
    return {name: getattr(event, name) for name in names}
