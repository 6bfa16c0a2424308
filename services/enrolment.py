"""Enrolment: mentors volunteer or are nominated, train, state their offer, withdraw;
mentees enrol.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

from domain.errors import AlreadyExists, EnrolmentNotFound
from domain.mentees import MenteeEnrolment
from domain.mentors import MentorEnrolment
from domain.programs import Program
from services.core import Decision, ServiceCore


class EnrolmentCommands(ServiceCore):
    """Commands of mentors, mentees and the executives who nominate mentors."""

    def volunteer_as_mentor(
        self,
        *,
        command_id: str | None,
        program_id: UUID,
        employee_id: str,
        topics: tuple[str, ...],
        capacity: int,
        hours_per_month: int,
        effective_date: date,
    ) -> UUID:
        """The employee opts in as a mentor in the open round; returns the enrolment id."""

        def decide() -> Decision:
            program, round_number = self._check_can_enrol(program_id, employee_id, effective_date)
            enrolment = MentorEnrolment.volunteer(
                employee_id=employee_id,
                program_id=program.id,
                round_number=round_number,
                topics=tuple(topics),
                capacity=capacity,
                hours_per_month=hours_per_month,
                actor=employee_id,
                effective_date=effective_date,
            )
            return str(enrolment.id), [enrolment]

        return self._handle_id(
            "volunteer_as_mentor", command_id, employee_id, effective_date, decide
        )

    def nominate_mentor(
        self,
        *,
        command_id: str | None,
        actor: str,
        program_id: UUID,
        employee_id: str,
        effective_date: date,
    ) -> UUID:
        """An executive nominates the employee as a mentor; returns the enrolment id."""

        def decide() -> Decision:
            program, round_number = self._check_can_enrol(program_id, employee_id, effective_date)
            enrolment = MentorEnrolment.nominate(
                employee_id=employee_id,
                program_id=program.id,
                round_number=round_number,
                actor=actor,
                effective_date=effective_date,
            )
            return str(enrolment.id), [enrolment]

        return self._handle_id("nominate_mentor", command_id, actor, effective_date, decide)

    def accept_nomination(
        self,
        *,
        command_id: str | None,
        program_id: UUID,
        employee_id: str,
        topics: tuple[str, ...],
        capacity: int,
        hours_per_month: int,
        effective_date: date,
        expected_version: int | None = None,
    ) -> UUID:
        """The nominee accepts, stating topics, capacity and time set aside."""
        return self._change_mentor(
            "accept_nomination",
            command_id,
            program_id,
            employee_id,
            employee_id,
            effective_date,
            expected_version,
            lambda m: m.accept_nomination(
                tuple(topics), capacity, hours_per_month, employee_id, effective_date
            ),
        )

    def decline_nomination(
        self,
        *,
        command_id: str | None,
        program_id: UUID,
        employee_id: str,
        reason: str,
        effective_date: date,
        expected_version: int | None = None,
    ) -> UUID:
        """The nominee declines."""
        return self._change_mentor(
            "decline_nomination",
            command_id,
            program_id,
            employee_id,
            employee_id,
            effective_date,
            expected_version,
            lambda m: m.decline_nomination(reason, employee_id, effective_date),
        )

    def complete_mentor_training(
        self,
        *,
        command_id: str | None,
        actor: str,
        program_id: UUID,
        employee_id: str,
        course: str,
        effective_date: date,
    ) -> UUID:
        """Record that the mentor completed the training."""
        return self._change_mentor(
            "complete_mentor_training",
            command_id,
            program_id,
            employee_id,
            actor,
            effective_date,
            None,
            lambda m: m.complete_training(course, actor, effective_date),
        )

    def update_mentor_profile(
        self,
        *,
        command_id: str | None,
        program_id: UUID,
        employee_id: str,
        topics: tuple[str, ...],
        capacity: int,
        hours_per_month: int,
        effective_date: date,
        expected_version: int | None = None,
    ) -> UUID:
        """The mentor changes topics, capacity or time set aside."""
        return self._change_mentor(
            "update_mentor_profile",
            command_id,
            program_id,
            employee_id,
            employee_id,
            effective_date,
            expected_version,
            lambda m: m.update_profile(
                tuple(topics), capacity, hours_per_month, employee_id, effective_date
            ),
        )

    def withdraw_mentor(
        self,
        *,
        command_id: str | None,
        program_id: UUID,
        employee_id: str,
        reason: str,
        effective_date: date,
        expected_version: int | None = None,
    ) -> UUID:
        """The mentor stops taking new mentees."""
        return self._change_mentor(
            "withdraw_mentor",
            command_id,
            program_id,
            employee_id,
            employee_id,
            effective_date,
            expected_version,
            lambda m: m.withdraw(reason, employee_id, effective_date),
        )

    def enrol_mentee(
        self,
        *,
        command_id: str | None,
        program_id: UUID,
        employee_id: str,
        topics: tuple[str, ...],
        aim: str,
        effective_date: date,
    ) -> UUID:
        """The employee enrols as a mentee in the open round; returns the enrolment id."""

        def decide() -> Decision:
            if self._exists(MenteeEnrolment.create_id(program_id, employee_id)):
                raise AlreadyExists(f"{employee_id} is enrolled as a mentee already")
            program = self._program(program_id)
            employee = self._employee(employee_id)
            employee.check_employed_on(effective_date)
            round_number = program.check_round_open(effective_date, employee.department)
            enrolment = MenteeEnrolment.enrol(
                employee_id=employee_id,
                program_id=program_id,
                round_number=round_number,
                topics=tuple(topics),
                aim=aim,
                actor=employee_id,
                effective_date=effective_date,
            )
            return str(enrolment.id), [enrolment]

        return self._handle_id("enrol_mentee", command_id, employee_id, effective_date, decide)

    def get_mentor_enrolment(self, program_id: UUID, employee_id: str) -> MentorEnrolment:
        """The mentor enrolment (EnrolmentNotFound if none)."""
        return self._load(
            MentorEnrolment,
            MentorEnrolment.create_id(program_id, employee_id),
            EnrolmentNotFound,
            f"mentor enrolment of {employee_id}",
        )

    def _check_can_enrol(
        self, program_id: UUID, employee_id: str, effective_date: date
    ) -> tuple[Program, int]:
        if self._exists(MentorEnrolment.create_id(program_id, employee_id)):
            raise AlreadyExists(f"{employee_id} is enrolled as a mentor already")
        program = self._program(program_id)
        employee = self._employee(employee_id)
        employee.check_employed_on(effective_date)
        return program, program.check_round_open(effective_date, employee.department)

    def _change_mentor(
        self,
        command_name: str,
        command_id: str | None,
        program_id: UUID,
        employee_id: str,
        actor: str,
        effective_date: date,
        expected_version: int | None,
        change: Callable[[MentorEnrolment], None],
    ) -> UUID:
        def decide() -> Decision:
            enrolment = self.get_mentor_enrolment(program_id, employee_id)
            self._check_version(enrolment, expected_version)
            self._employee(employee_id).check_employed_on(effective_date)
            change(enrolment)
            return str(enrolment.id), [enrolment]

        return self._handle_id(command_name, command_id, actor, effective_date, decide)
