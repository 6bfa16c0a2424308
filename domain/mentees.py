"""The MenteeEnrolment aggregate: one person as a mentee in one program."""

from __future__ import annotations

from uuid import UUID

from domain.base import CreatedWithState, MentoringAggregate, Stamp, natural_id
from domain.errors import EnrolmentNotFound, InvalidValue


class MenteeEnrolment(MentoringAggregate):
    """A person's enrolment as a mentee: the round joined, topics wanted, their aim."""

    not_found = EnrolmentNotFound
    noun = "mentee enrolment"

    class Enrolled(CreatedWithState):
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
        stamp: Stamp,
    ) -> MenteeEnrolment:
        """Enrol a mentee, who wants to learn about at least one topic."""
        if not topics:
            raise InvalidValue("a mentee names at least one topic to learn about")
        return cls._create(
            cls.Enrolled,
            id=cls.create_id(program_id, employee_id),
            employee_id=employee_id,
            program_id=program_id,
            round_number=round_number,
            topics=tuple(topics),
            aim=aim,
            **stamp.fields,
        )
