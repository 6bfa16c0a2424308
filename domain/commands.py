"""The CommandLog aggregate: the result of one command, so a retry has no second effect.

Its id is ``natural_id("command", command_id)``; it is saved in the same atomic save as the
command's effects, so either both are stored or neither is.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import event

from domain.base import MentoringAggregate, natural_id
from domain.errors import CommandIdReused


class CommandLog(MentoringAggregate):
    """The record that a command ran, with the result it returned."""

    class Handled(MentoringAggregate.Created):
        """A command ran; ``result`` is what it returned, as text."""

        command_id: str
        command_name: str
        result: str

    @staticmethod
    def create_id(command_id: str) -> UUID:
        """The aggregate id of the log entry of ``command_id``."""
        return natural_id("command", command_id)

    @event(Handled)
    def __init__(
        self, command_id: str, command_name: str, result: str, actor: str, effective_date: date
    ) -> None:
        self.command_id = command_id
        self.command_name = command_name
        self.result = result

    def check_same_command(self, command_name: str) -> None:
        """Refuse a command id reused for another kind of command."""
        if command_name != self.command_name:
            raise CommandIdReused(
                f"command id {self.command_id!r} was used for {self.command_name},"
                f" not {command_name}"
            )
