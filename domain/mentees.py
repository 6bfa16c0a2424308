"""The MenteeEnrolment aggregate: one person as a mentee in one program."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import event

from domain.base import MentoringAggregate, natural_id
from domain.errors import InvalidValue


class MenteeEnrolment(MentoringAggregate):
    """A person's enrolment as a mentee: the round joined, topics wanted, their aim."""

    class Enrolled(MentoringAggregate.Created):
        """The person enrolled as a mentee in a round of the program."""

        employee_id: str
        program_id: UUID
        round_number: int
        topics: tuple[str, ...]
        aim: str

    @staticmethod
    def create_id(program_id: UUID, employee_id: str) -> UUID:
        """The aggregate id of ``employee_id``'s mentee enrolment in ``program_id``."""
        return natural_id("mentee", program_id, employee_id)

    @classmethod
    def enrol(
        cls,
        *,
        employee_id: str,
        program_id: UUID,
        round_number: int,
        topics: tuple[str, ...],
        aim: str,
        actor: str,
        effective_date: date,
    ) -> MenteeEnrolment:
        """Enrol a mentee, who wants to learn about at least one topic."""
        if not topics:
            raise InvalidValue("a mentee names at least one topic to learn about")
        return cls(
            employee_id=employee_id,
            program_id=program_id,
            round_number=round_number,
            topics=tuple(topics),
            aim=aim,
            actor=actor,
            effective_date=effective_date,
        )

    @event(Enrolled)
    def __init__(
        self,
        employee_id: str,
        program_id: UUID,
        round_number: int,
        topics: tuple[str, ...],
        aim: str,
        actor: str,
        effective_date: date,
    ) -> None:
        self.employee_id = employee_id
        self.program_id = program_id
        self.round_number = round_number
        self.topics = tuple(topics)
        self.aim = aim
