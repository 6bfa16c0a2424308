"""Set-up steps of service tests, through the service's own commands (plain values in, ids out)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from services.mentoring import MentoringService

HIRED = date(2020, 1, 1)
LAUNCHED = date(2024, 1, 1)
OPENED = date(2024, 2, 1)
DAY = date(2024, 3, 1)
RESPOND_BY = date(2024, 3, 31)
AFTER_DEADLINE = date(2024, 4, 1)


class Scenario:
    """A small company and its mentoring programs, built command by command."""

    def __init__(self, service: MentoringService) -> None:
        self.service = service
        self.program_id = UUID(int=0)

    def hire(
        self,
        hris_id: str,
        *,
        manager_id: str | None = None,
        job_level: int = 5,
        department: str = "Sales",
        hired_on: date = HIRED,
    ) -> UUID:
        """Hire ``hris_id`` (the upstream event id is derived from it)."""
        return self.service.hire_employee(
            event_id=f"hire-{hris_id}",
            hris_id=hris_id,
            department=department,
            job_level=job_level,
            manager_id=manager_id,
            location="Lyon",
            hired_on=hired_on,
        )

    def program(
        self, program_type: str = "general", *, open_round: bool = True, **rules: Any
    ) -> UUID:
        """Launch a program (the scenario's ``program_id`` from now on), round 1 open."""
        program_id = self.service.launch_program(
            command_id=None,
            actor="E0",
            effective_date=LAUNCHED,
            name="Grow",
            program_type=program_type,
            goal="grow people",
            formality="structured",
            starts_on=LAUNCHED,
            ends_on=None,
            meeting_cadence="biweekly",
            executive_sponsor_id="E0",
            **rules,
        )
        self.program_id = program_id
        if open_round:
            self.service.open_round(
                command_id=None,
                actor="E0",
                effective_date=OPENED,
                program_id=program_id,
                round_name="first",
            )
        return program_id

    def mentor(
        self,
        program_id: UUID,
        hris_id: str,
        *,
        capacity: int = 1,
        topics: tuple[str, ...] = ("sales",),
        trained: bool = True,
    ) -> UUID:
        """Enrol ``hris_id`` as a volunteer mentor of the program, trained unless told not."""
        enrolment_id = self.service.volunteer_as_mentor(
            command_id=None,
            program_id=program_id,
            employee_id=hris_id,
            topics=topics,
            capacity=capacity,
            hours_per_month=4,
            effective_date=OPENED,
        )
        if trained:
            self.service.complete_mentor_training(
                command_id=None,
                actor="A1",
                program_id=program_id,
                employee_id=hris_id,
                course="mentoring basics",
                effective_date=OPENED,
            )
        return enrolment_id

    def mentee(
        self, program_id: UUID, hris_id: str, *, topics: tuple[str, ...] = ("sales",)
    ) -> UUID:
        """Enrol ``hris_id`` as a mentee of the program."""
        return self.service.enrol_mentee(
            command_id=None,
            program_id=program_id,
            employee_id=hris_id,
            topics=topics,
            aim="get better",
            effective_date=OPENED,
        )

    def request(
        self,
        program_id: UUID,
        mentee_id: str,
        choices: tuple[str, ...],
        *,
        topic: str = "sales",
        command_id: str | None = None,
    ) -> UUID:
        """``mentee_id`` asks the ranked ``choices`` on 2024-03-01, answer by 2024-03-31."""
        return self.service.make_request(
            command_id=command_id,
            mentee_id=mentee_id,
            program_id=program_id,
            topic=topic,
            choices=choices,
            reason="I want to learn from you",
            respond_by=RESPOND_BY,
            effective_date=DAY,
        )

    def accept(self, request_id: UUID, mentor_id: str, *, command_id: str | None = None) -> UUID:
        """``mentor_id`` accepts the request on 2024-03-01; returns the mentorship id."""
        return self.service.accept_request(
            command_id=command_id,
            request_id=request_id,
            mentor_id=mentor_id,
            effective_date=DAY,
        )

    def pair(self, program_id: UUID, mentee_id: str, mentor_id: str) -> UUID:
        """A request from ``mentee_id`` to ``mentor_id``, accepted: the mentorship id."""
        return self.accept(self.request(program_id, mentee_id, (mentor_id,)), mentor_id)


def new_event_names(service: MentoringService, after: int) -> list[str]:
    """Names of the events recorded after notification ``after`` (e.g. ``Employee.Left``)."""
    names: list[str] = []
    start = after + 1
    while True:
        section = service.notification_log.select(start=start, limit=10)
        names.extend(n.topic.split(":")[1] for n in section)
        if len(section) < 10:
            return names
        start = section[-1].id + 1


def last_position(service: MentoringService) -> int:
    """The notification id of the last recorded event (0 if none)."""
    return service.recorder.max_notification_id() or 0
