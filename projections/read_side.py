"""The read side as one projection: every row projection fed from one batch, one transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection

from projections.handlers.base import BatchHolder, RowProjection
from projections.handlers.employees import EmployeeProjection
from projections.handlers.enrolments import EnrolmentProjection
from projections.handlers.mentorships import MentorshipProjection
from projections.handlers.programs import ProgramProjection
from projections.handlers.requests import RequestProjection
from projections.portal.matching_rows import MatchingProjection
from projections.rows import RowBatch
from projections.staging import StagedRows
from projections.view import DuckDBView

PARTS: tuple[type[RowProjection], ...] = (
    EmployeeProjection,
    ProgramProjection,
    EnrolmentProjection,
    RequestProjection,
    MentorshipProjection,
    MatchingProjection,
)


class ReadSideProjection(Projection[DuckDBView]):
    """Routes each event to the row projections, then writes rows and position together.

    `process_event` writes one event per transaction (what the library's ProjectionRunner
    calls); `process_batch` writes many events in one transaction, which is what the projector
    uses, since DuckDB commits are expensive.
    """

    name = "mentoring_read_side"

    def __init__(self, view: DuckDBView) -> None:
        super().__init__(view)
        self._holder = BatchHolder()
        self._parts = [part(view, self._holder) for part in PARTS]
        self._routes: dict[type, list[Callable[[Any, Tracking], None]]] = {}

    @property
    def parts(self) -> list[RowProjection]:
        """The row projections, one per aggregate."""
        return self._parts

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Project one event and commit it with its tracking position."""
        self.process_batch([(domain_event, tracking)])

    def process_batch(
        self,
        events: Iterable[tuple[Any, Tracking]],
        staged: StagedRows | None = None,
        last: Tracking | None = None,
        refresh_derived: bool = True,
    ) -> int:
        """Project events in order and commit them with the last position; returns the count.

        An event given as None (one no projection handles, left undecoded) only moves the position.
        `staged` are the set-based routes' rows, staged by the reader (projections.staging);
        `last` is the batch's position when the events alone do not end it.
        """
        batch = self._holder.batch = RowBatch(staged=staged, refresh_derived=refresh_derived)
        for domain_event, tracking in events:
            if domain_event is not None:
                for handler in self._handlers(type(domain_event)):
                    handler(domain_event, tracking)
            batch.events += 1
            if last is None or tracking.notification_id > last.notification_id:
                last = tracking
        batch.events += staged.events if staged is not None else 0
        if last is not None:
            self.view.write(batch, last)
        return batch.events

    def _handlers(self, event_class: type) -> list[Callable[[Any, Tracking], None]]:
        """The parts' handlers for an event class, resolved once through their dispatch registries.

        Same routing as calling each part's `process_event`, without building a new bound
        dispatcher on every call (which costs more than the handler itself).
        """
        handlers = self._routes.get(event_class)
        if handlers is None:
            handlers = []
            for part in self._parts:
                method = type(part).__dict__["process_event"]
                function = method.dispatcher.dispatch(event_class)
                if function is not method.func:
                    handlers.append(partial(function, part))
            self._routes[event_class] = handlers
        return handlers
