"""The SuccessStory aggregate: a notable outcome the program communicates."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import event

from domain.base import MentoringAggregate
from domain.errors import InvalidValue


class SuccessStory(MentoringAggregate):
    """A success story of a program, optionally tied to one mentorship."""

    class Recorded(MentoringAggregate.Created):
        """The story was recorded (e.g. "close rate up 15% after a day with a mentor")."""

        program_id: UUID
        mentorship_id: UUID | None
        title: str
        text: str
        employee_ids: tuple[str, ...]

    @classmethod
    def record(
        cls,
        *,
        program_id: UUID,
        mentorship_id: UUID | None,
        title: str,
        text: str,
        employee_ids: tuple[str, ...],
        actor: str,
        effective_date: date,
    ) -> SuccessStory:
        """Record a story; it needs a title."""
        if not title.strip():
            raise InvalidValue("a success story needs a title")
        return cls(
            program_id=program_id,
            mentorship_id=mentorship_id,
            title=title,
            text=text,
            employee_ids=tuple(employee_ids),
            actor=actor,
            effective_date=effective_date,
        )

    @event(Recorded)
    def __init__(
        self,
        program_id: UUID,
        mentorship_id: UUID | None,
        title: str,
        text: str,
        employee_ids: tuple[str, ...],
        actor: str,
        effective_date: date,
    ) -> None:
        self.program_id = program_id
        self.mentorship_id = mentorship_id
        self.title = title
        self.text = text
        self.employee_ids = tuple(employee_ids)
