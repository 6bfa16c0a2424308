"""Set-up steps of service tests, through the service's own commands (commands in, ids out)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.base import HRIS_ACTOR, Stamp
from domain.vocabulary import EndReason, ExitReason, Formality, ProgramType
from services.employees import HireEmployee, RecordLeaving
from services.enrolment import CompleteMentorTraining, EnrolMentee, VolunteerAsMentor
from services.mentoring import MentoringService
from services.mentorships import AssignPair, EndMentorship
from services.programs import LaunchProgram, OpenRound
from services.requests import AcceptRequest, DeclineRequest, ExpireRequest, MakeRequest

HIRED = date(2020, 1, 1)
LAUNCHED = date(2024, 1, 1)
OPENED = date(2024, 2, 1)
DAY = date(2024, 3, 1)
RESPOND_BY = date(2024, 3, 31)
AFTER_DEADLINE = date(2024, 4, 1)
LATER = date(2024, 3, 20)


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
        return self.service.handle(
            HireEmployee(
                command_id=f"hire-{hris_id}",
                stamp=Stamp(HRIS_ACTOR, hired_on),
                hris_id=hris_id,
                department=department,
                job_level=job_level,
                manager_id=manager_id,
                location="Lyon",
            )
        )

    def program(
        self, program_type: str = "general", *, open_round: bool = True, **rules: Any
    ) -> UUID:
        """Launch a program (the scenario's ``program_id`` from now on), round 1 open."""
        program_id = self.service.handle(
            LaunchProgram(
                stamp=Stamp("E0", LAUNCHED),
                name="Grow",
                program_type=ProgramType(program_type),
                goal="grow people",
                formality=Formality.STRUCTURED,
                starts_on=LAUNCHED,
                ends_on=None,
                meeting_cadence="biweekly",
                executive_sponsor_id="E0",
                **rules,
            )
        )
        self.program_id = program_id
        if open_round:
            self.service.handle(
                OpenRound(stamp=Stamp("E0", OPENED), program_id=program_id, round_name="first")
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
        enrolment_id = self.service.handle(
            VolunteerAsMentor(
                stamp=Stamp(hris_id, OPENED),
                program_id=program_id,
                employee_id=hris_id,
                topics=topics,
                capacity=capacity,
                hours_per_month=4,
            )
        )
        if trained:
            self.service.handle(
                CompleteMentorTraining(
                    stamp=Stamp("A1", OPENED),
                    program_id=program_id,
                    employee_id=hris_id,
                    course="mentoring basics",
                )
            )
        return enrolment_id

    def mentee(
        self, program_id: UUID, hris_id: str, *, topics: tuple[str, ...] = ("sales",)
    ) -> UUID:
        """Enrol ``hris_id`` as a mentee of the program."""
        return self.service.handle(
            EnrolMentee(
                stamp=Stamp(hris_id, OPENED),
                program_id=program_id,
                employee_id=hris_id,
                topics=topics,
                aim="get better",
            )
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
        return self.service.handle(
            MakeRequest(
                command_id=command_id,
                stamp=Stamp(mentee_id, DAY),
                program_id=program_id,
                topic=topic,
                choices=choices,
                reason="I want to learn from you",
                respond_by=RESPOND_BY,
            )
        )

    def accept(self, request_id: UUID, mentor_id: str, *, command_id: str | None = None) -> UUID:
        """``mentor_id`` accepts the request on 2024-03-01; returns the mentorship id."""
        return self.service.handle(
            AcceptRequest(command_id=command_id, stamp=Stamp(mentor_id, DAY), request_id=request_id)
        )

    def decline(self, request_id: UUID, mentor_id: str, *, on: date = DAY) -> UUID:
        """``mentor_id`` declines the request ("busy")."""
        return self.service.handle(
            DeclineRequest(stamp=Stamp(mentor_id, on), request_id=request_id, reason="busy")
        )

    def expire(self, request_id: UUID, today: date = AFTER_DEADLINE) -> bool:
        """The scheduler's expiry of the request as of ``today``: whether it expired now."""
        return self.service.handle(ExpireRequest.on(request_id, today))

    def leave(self, hris_id: str, *, on: date = DAY, event_id: str = "l") -> UUID:
        """The HRIS reports ``hris_id`` leaving voluntarily."""
        return self.service.handle(
            RecordLeaving(
                command_id=event_id,
                stamp=Stamp(HRIS_ACTOR, on),
                hris_id=hris_id,
                reason=ExitReason.VOLUNTARY,
            )
        )

    def end(
        self,
        mentorship_id: UUID,
        actor: str,
        *,
        on: date = LATER,
        reason: EndReason = EndReason.COMPLETED,
        note: str = "",
    ) -> UUID:
        """``actor`` ends the mentorship (on 2024-03-20 unless told), as completed unless told."""
        return self.service.handle(
            EndMentorship(
                stamp=Stamp(actor, on), mentorship_id=mentorship_id, reason=reason, note=note
            )
        )

    def assign(self, mentee_id: str, mentor_id: str) -> UUID:
        """Admin A1 pairs them on "sales" in the scenario's program on 2024-03-01."""
        return self.service.handle(
            AssignPair(
                stamp=Stamp("A1", DAY),
                program_id=self.program_id,
                mentee_id=mentee_id,
                mentor_id=mentor_id,
                topic="sales",
            )
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


def company(
    service: MentoringService,
    *mentors: str,
    capacity: int = 1,
    mentee_manager: str | None = None,
    **rules: Any,
) -> Scenario:
    """Mentee T1 (enrolled; reporting to ``mentee_manager`` if given, hired first) and the given
    mentors (enrolled, trained), in one open program."""
    world = Scenario(service)
    if mentee_manager is not None:
        world.hire(mentee_manager)
    world.hire("T1", manager_id=mentee_manager)
    for person in mentors:
        world.hire(person)
    world.program(**rules)
    world.mentee(world.program_id, "T1")
    for mentor in mentors:
        world.mentor(world.program_id, mentor, capacity=capacity)
    return world
