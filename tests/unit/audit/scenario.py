"""A small mentoring story with known answers, recorded through the service's commands.

E1 mentors E2 in the program "Grow"; E3 is employed but never takes part. E2 files a memo,
then leaves the company, which ends the mentorship. Dates are business dates; the recorded
times are whenever the test runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.base import HRIS_ACTOR, Stamp
from domain.employees import Employee
from domain.vocabulary import ExitReason, Formality, ProgramType
from services.employees import HireEmployee, RecordLeaving
from services.enrolment import CompleteMentorTraining, EnrolMentee, VolunteerAsMentor
from services.mentoring import MentoringService
from services.mentorships import FileMemo
from services.programs import LaunchProgram, OpenRound
from services.requests import AcceptRequest, MakeRequest

HIRED = date(2020, 1, 1)
LAUNCHED = date(2024, 1, 1)
DAY = date(2024, 3, 1)
LEFT = date(2024, 6, 30)
MEMO = "I learned to negotiate renewals"


@dataclass(frozen=True)
class Story:
    """The ids the story recorded."""

    program_id: UUID
    request_id: UUID
    mentorship_id: UUID
    mentee_id: UUID = Employee.create_id("E2")


def hire(service: MentoringService, hris_id: str) -> UUID:
    """The HRIS hires ``hris_id`` on 2020-01-01."""
    return service.handle(HireEmployee(
        command_id=f"hire-{hris_id}", stamp=Stamp(HRIS_ACTOR, HIRED), hris_id=hris_id,
        department="Sales", job_level=5, manager_id=None, location="Lyon",
    ))


def launch(service: MentoringService) -> UUID:
    """E0 launches "Grow" and opens its first round."""
    executive = Stamp("E0", LAUNCHED)
    program_id = service.handle(LaunchProgram(
        stamp=executive, name="Grow", program_type=ProgramType.GENERAL, goal="grow people",
        formality=Formality.STRUCTURED, starts_on=LAUNCHED, ends_on=None,
        meeting_cadence="biweekly", executive_sponsor_id="E0",
    ))
    service.handle(OpenRound(stamp=executive, program_id=program_id, round_name="first"))
    return program_id


def pair_up(service: MentoringService, program_id: UUID) -> tuple[UUID, UUID]:
    """E1 volunteers and trains, E2 enrols and asks E1, E1 accepts: (request, mentorship)."""
    service.handle(VolunteerAsMentor(
        stamp=Stamp("E1", LAUNCHED), program_id=program_id, employee_id="E1",
        topics=("sales",), capacity=2, hours_per_month=4,
    ))
    service.handle(CompleteMentorTraining(
        stamp=Stamp("A1", LAUNCHED), program_id=program_id, employee_id="E1",
        course="mentoring basics",
    ))
    service.handle(EnrolMentee(
        stamp=Stamp("E2", LAUNCHED), program_id=program_id, employee_id="E2",
        topics=("sales",), aim="get better",
    ))
    request_id = service.handle(MakeRequest(
        stamp=Stamp("E2", DAY), program_id=program_id, topic="sales", choices=("E1",),
        reason="I want to learn from you", respond_by=date(2024, 3, 31),
    ))
    mentorship_id = service.handle(AcceptRequest(stamp=Stamp("E1", DAY), request_id=request_id))
    return request_id, mentorship_id


def record_story(service: MentoringService) -> Story:
    """Record the whole story; returns its ids."""
    for hris_id in ("E1", "E2", "E3"):
        hire(service, hris_id)
    program_id = launch(service)
    request_id, mentorship_id = pair_up(service, program_id)
    service.handle(FileMemo(
        stamp=Stamp("E2", DAY), mentorship_id=mentorship_id, skills=("negotiation",), text=MEMO,
    ))
    service.handle(RecordLeaving(
        command_id="leave-E2", stamp=Stamp(HRIS_ACTOR, LEFT), hris_id="E2",
        reason=ExitReason.VOLUNTARY,
    ))
    return Story(program_id, request_id, mentorship_id)
