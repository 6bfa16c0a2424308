"""What every use case of the mentoring service shares: loading, versions, idempotency, retry.

``_handle`` runs a command: a retry with a used command id returns the first result and records
nothing; otherwise the command's decision runs, and its aggregates are stored together with the
command's log entry in one atomic save. If another command stored a new version of one of those
aggregates meanwhile (the store's optimistic concurrency), the decision runs once more on
fresh state, where the business rules (e.g. the mentor's capacity) then refuse it clearly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TypeVar
from uuid import UUID

import structlog
from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, JSONTranscoder

from domain.base import MentoringAggregate
from domain.commands import CommandLog
from domain.employees import Employee
from domain.errors import (
    ConcurrentModification,
    EmployeeNotFound,
    NotFound,
    ProgramNotFound,
    VersionConflict,
)
from domain.programs import Program
from services.transcodings import DateAsISO

log = structlog.get_logger(__name__)

A = TypeVar("A", bound=MentoringAggregate)
Decision = tuple[str, Sequence[MentoringAggregate]]
ATTEMPTS = 2


class ServiceCore(Application[UUID]):
    """The shared machinery of the mentoring service's use-case mixins."""

    name = "mentoring"

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        """The library's transcodings, plus ``datetime.date``."""
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    def _load(self, cls: type[A], aggregate_id: UUID, missing: type[NotFound], what: str) -> A:
        try:
            aggregate: object = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise missing(f"{what} not found") from None
        if not isinstance(aggregate, cls):
            raise missing(f"{what} not found")
        return aggregate

    def _exists(self, aggregate_id: UUID) -> bool:
        return aggregate_id in self.repository

    def _employee(self, hris_id: str) -> Employee:
        return self._load(
            Employee, Employee.create_id(hris_id), EmployeeNotFound, f"employee {hris_id}"
        )

    def _program(self, program_id: UUID) -> Program:
        return self._load(Program, program_id, ProgramNotFound, f"program {program_id}")

    def _find_employee(self, hris_id: str) -> Employee | None:
        try:
            return self._employee(hris_id)
        except EmployeeNotFound:
            return None

    @staticmethod
    def _check_version(aggregate: MentoringAggregate, expected_version: int | None) -> None:
        if expected_version is not None and expected_version != aggregate.version:
            raise VersionConflict(
                f"expected version {expected_version}, but the current version is"
                f" {aggregate.version}",
                current_version=aggregate.version,
            )

    def _previous_result(self, command_id: str | None, command_name: str) -> str | None:
        if command_id is None:
            return None
        try:
            entry: object = self.repository.get(CommandLog.create_id(command_id))
        except AggregateNotFoundError:
            return None
        assert isinstance(entry, CommandLog)
        entry.check_same_command(command_name)
        return entry.result

    def _handle(
        self,
        command_name: str,
        command_id: str | None,
        actor: str,
        effective_date: date,
        decide: Callable[[], Decision],
    ) -> str:
        """Run ``decide`` and save its aggregates with the command log entry, atomically."""
        for attempt in range(1, ATTEMPTS + 1):
            previous = self._previous_result(command_id, command_name)
            if previous is not None:
                log.info("command_repeated", command=command_name, command_id=command_id)
                return previous
            result, aggregates = decide()
            entries: list[CommandLog] = []
            if command_id is not None:
                entries.append(
                    CommandLog(
                        command_id=command_id,
                        command_name=command_name,
                        result=result,
                        actor=actor,
                        effective_date=effective_date,
                    )
                )
            try:
                self.save(*aggregates, *entries)
            except IntegrityError:
                log.info("command_raced", command=command_name, attempt=attempt)
                continue
            return result
        raise ConcurrentModification(
            f"{command_name} kept colliding with concurrent changes; try again"
        )

    def _handle_id(
        self,
        command_name: str,
        command_id: str | None,
        actor: str,
        effective_date: date,
        decide: Callable[[], Decision],
    ) -> UUID:
        return UUID(self._handle(command_name, command_id, actor, effective_date, decide))
