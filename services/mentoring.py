"""The mentoring service: one eventsourcing Application, one event log, every command.

``handle(command)`` runs any command: a retry with a used command id returns the first result
and records nothing; otherwise the command's handler (``services.command.HANDLERS``) decides on
a fresh working set, and its aggregates are stored together with the command's log entry in
one atomic save. If another command stored a new version of one of those aggregates meanwhile
(the store's optimistic concurrency), the handler runs once more on fresh state, where the
business rules (e.g. the mentor's capacity) then refuse it clearly.

Build it with an env dict choosing the store, e.g.
``MentoringService(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})``.
"""

from __future__ import annotations

from typing import Any, TypeVar
from uuid import UUID

import structlog
from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError, JSONTranscoder

# Importing the use-case modules registers their handlers in the one table.
import services.cohort
import services.employees
import services.enrolment
import services.erasure
import services.mentorships
import services.programs
import services.requests
import services.scheduling
import services.stories  # noqa: F401
from domain.base import MentoringAggregate
from domain.commands import CommandLog
from domain.employees import Employee
from domain.errors import ConcurrentModification
from services.changes import Changes, load, load_employee, stored
from services.command import HANDLERS, Command
from services.notifications import notify_changes
from services.snapshots import Snapshotting
from services.transcodings import register_extra_transcodings

log = structlog.get_logger(__name__)

A = TypeVar("A", bound=MentoringAggregate)
R = TypeVar("R")
ATTEMPTS = 2


class MentoringService(Snapshotting, Application[UUID]):
    """Every command of the mentoring domain, run by ``handle``; reads by ``load``.

    Long-lived aggregates are snapshotted every MENTORING_SNAPSHOT_INTERVAL events
    (``services/snapshots.py``)."""

    name = "mentoring"

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        """The library's transcodings, plus ``datetime.date``."""
        super().register_transcodings(transcoder)
        register_extra_transcodings(transcoder)

    def handle(self, command: Command[R]) -> R:
        """Run ``command`` once: its effects and its log entry in one atomic save."""
        handler = HANDLERS[type(command)]
        name = command.type_name()
        for attempt in range(1, ATTEMPTS + 1):
            previous = self._previous_result(command)
            if previous is not None:
                log.info("command_repeated", command=name, command_id=command.command_id)
                return command.decode_result(previous)
            changes = Changes(self.repository)
            result: R = handler(command, changes)
            notify_changes(changes)  # the notifications its events cause, in the same save
            entries = [] if command.command_id is None else [self._log_entry(command, result)]
            try:
                self.save(*changes.all(), *entries)
            except IntegrityError:
                log.info("command_raced", command=name, attempt=attempt)
                continue
            return result
        raise ConcurrentModification(f"{name} kept colliding with concurrent changes; try again")

    def load(self, cls: type[A], aggregate_id: UUID) -> A:
        """The aggregate of class ``cls`` (``cls.not_found`` if unknown)."""
        return load(self.repository, cls, aggregate_id)

    def employee(self, hris_id: str) -> Employee:
        """The employee with this HRIS id (EmployeeNotFound if never hired)."""
        return load_employee(self.repository, hris_id)

    def _previous_result(self, command: Command[Any]) -> str | None:
        if command.command_id is None:
            return None
        entry = stored(self.repository, CommandLog, CommandLog.create_id(command.command_id))
        if entry is None:
            return None
        assert isinstance(entry, CommandLog)
        entry.check_same_command(command.type_name())
        return entry.result

    @staticmethod
    def _log_entry(command: Command[R], result: R) -> CommandLog:
        assert command.command_id is not None
        return CommandLog(
            command_id=command.command_id,
            command_name=command.type_name(),
            result=command.encode_result(result),
            actor=command.stamp.actor,
            effective_date=command.stamp.effective_date,
        )
