"""A command's working set: each aggregate loaded once, changed in place, saved together."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Repository

from domain.base import MentoringAggregate
from domain.employees import Employee
from domain.errors import EmployeeNotFound, VersionConflict
from services.snapshots import SNAPSHOT_CLASSES

A = TypeVar("A", bound=MentoringAggregate)


def load(repository: Repository[Any], cls: type[A], aggregate_id: UUID) -> A:
    """The aggregate of class ``cls``; ``cls.not_found`` if there is none of that class.

    The one way to load an aggregate: the services, the HTTP reads and the audit all use it.
    """
    aggregate = stored(repository, cls, aggregate_id)
    if not isinstance(aggregate, cls):
        raise cls.not_found(f"{cls.noun} {aggregate_id} not found")
    return aggregate


def stored(repository: Repository[Any], cls: type, aggregate_id: UUID) -> object | None:
    """The aggregate with this id as its events make it (None: it has none); ``cls``, the
    class expected, says whether a snapshot may shorten the replay.

    The library's ``Repository.get`` asks the snapshot store first for every aggregate; an
    aggregate of a class never snapshotted is replayed from its events alone, a query less.
    """
    if repository.snapshot_store is not None and may_be_snapshotted(cls):
        try:
            return repository.get(aggregate_id, projector_func=replay)
        except AggregateNotFoundError:
            return None
    return replay(None, repository.event_store.get(aggregate_id))


def may_be_snapshotted(cls: type) -> bool:
    """Whether an aggregate loaded as ``cls`` may have snapshots (``SNAPSHOT_CLASSES``)."""
    return any(issubclass(snapshotted, cls) for snapshotted in SNAPSHOT_CLASSES)


def replay(aggregate: Any, events: Iterable[Any]) -> Any:
    """Apply each event to the aggregate in turn: the library's ``project_aggregate`` without
    its runtime check of each event against a ``Protocol`` (about 19 microseconds an event,
    much of a command's replay; every event of ours has ``mutate``)."""
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


def has_events(repository: Repository[Any], aggregate_id: UUID) -> bool:
    """Whether the store has any event of this aggregate (none is read, decoded or applied)."""
    return bool(repository.event_store.recorder.select_events(aggregate_id, limit=1))


def load_employee(repository: Repository[Any], hris_id: str) -> Employee:
    """The employee with this HRIS id (EmployeeNotFound, naming the HRIS id, if never hired)."""
    try:
        return load(repository, Employee, Employee.create_id(hris_id))
    except EmployeeNotFound:
        raise EmployeeNotFound(f"employee {hris_id} not found") from None


def check_version(aggregate: MentoringAggregate, expected_version: int | None) -> None:
    """Refuse a change made against another version than the current one (If-Match)."""
    if expected_version is not None and expected_version != aggregate.version:
        raise VersionConflict(
            f"expected version {expected_version}, but the current version is"
            f" {aggregate.version}",
            current_version=aggregate.version,
        )


class Changes:
    """The aggregates one command reads and changes, keyed by id (one copy of each)."""

    def __init__(self, repository: Repository[Any]) -> None:
        self.repository = repository
        self.aggregates: dict[UUID, MentoringAggregate] = {}

    def add(self, aggregate: A) -> A:
        """Take a new aggregate into the working set."""
        self.aggregates[aggregate.id] = aggregate
        return aggregate

    def get(self, cls: type[A], aggregate_id: UUID, expected_version: int | None = None) -> A:
        """The aggregate, loaded once per command, at the version the command expects."""
        known = self.aggregates.get(aggregate_id)
        if known is None:
            known = self.add(load(self.repository, cls, aggregate_id))
        if not isinstance(known, cls):
            raise cls.not_found(f"{cls.noun} {aggregate_id} not found")
        check_version(known, expected_version)
        return known

    def change(
        self,
        cls: type[A],
        aggregate_id: UUID,
        expected_version: int | None,
        change: Callable[[A], object],
    ) -> UUID:
        """Load the aggregate (at the version the command expects), ``change`` it; its id.

        The whole of a handler that changes one aggregate by one of its methods.
        """
        aggregate = self.get(cls, aggregate_id, expected_version)
        change(aggregate)
        return aggregate.id

    def exists(self, aggregate_id: UUID) -> bool:
        """Whether the store (or this working set) has an aggregate with this id."""
        return aggregate_id in self.aggregates or has_events(self.repository, aggregate_id)

    def employee(self, hris_id: str) -> Employee:
        """The employee with this HRIS id (EmployeeNotFound if never hired)."""
        known = self.aggregates.get(Employee.create_id(hris_id))
        if isinstance(known, Employee):
            return known
        return self.add(load_employee(self.repository, hris_id))

    def find_employee(self, hris_id: str) -> Employee | None:
        """The employee with this HRIS id, or None if never hired."""
        try:
            return self.employee(hris_id)
        except EmployeeNotFound:
            return None

    def all(self) -> list[MentoringAggregate]:
        """Every aggregate of the working set, to save together."""
        return list(self.aggregates.values())
