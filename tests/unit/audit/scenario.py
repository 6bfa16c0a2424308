"""A small mentoring story with known answers, recorded through the service's commands.

E1 mentors E2 in the program "Grow"; E3 is employed but never takes part. E2 files a memo,
then leaves the company, which ends the mentorship. Dates are business dates; the recorded
times are whenever the test runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.employees import Employee
from services.mentoring import MentoringService

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
    return service.hire_employee(
        event_id=f"hire-{hris_id}", hris_id=hris_id, department="Sales", job_level=5,
        manager_id=None, location="Lyon", hired_on=HIRED,
    )


def launch(service: MentoringService) -> UUID:
    """E0 launches "Grow" and opens its first round."""
    program_id = service.launch_program(
        command_id=None, actor="E0", effective_date=LAUNCHED, name="Grow",
        program_type="general", goal="grow people", formality="structured",
        starts_on=LAUNCHED, ends_on=None, meeting_cadence="biweekly", executive_sponsor_id="E0",
    )
    service.open_round(
        command_id=None, actor="E0", effective_date=LAUNCHED, program_id=program_id,
        round_name="first",
    )
    return program_id


def pair_up(service: MentoringService, program_id: UUID) -> tuple[UUID, UUID]:
    """E1 volunteers and trains, E2 enrols and asks E1, E1 accepts: (request, mentorship)."""
    service.volunteer_as_mentor(
        command_id=None, program_id=program_id, employee_id="E1", topics=("sales",),
        capacity=2, hours_per_month=4, effective_date=LAUNCHED,
    )
    service.complete_mentor_training(
        command_id=None, actor="A1", program_id=program_id, employee_id="E1",
        course="mentoring basics", effective_date=LAUNCHED,
    )
    service.enrol_mentee(
        command_id=None, program_id=program_id, employee_id="E2", topics=("sales",),
        aim="get better", effective_date=LAUNCHED,
    )
    request_id = service.make_request(
        command_id=None, mentee_id="E2", program_id=program_id, topic="sales", choices=("E1",),
        reason="I want to learn from you", respond_by=date(2024, 3, 31), effective_date=DAY,
    )
    mentorship_id = service.accept_request(
        command_id=None, request_id=request_id, mentor_id="E1", effective_date=DAY
    )
    return request_id, mentorship_id


def record_story(service: MentoringService) -> Story:
    """Record the whole story; returns its ids."""
    for hris_id in ("E1", "E2", "E3"):
        hire(service, hris_id)
    program_id = launch(service)
    request_id, mentorship_id = pair_up(service, program_id)
    service.file_memo(
        command_id=None, mentorship_id=mentorship_id, mentee_id="E2", skills=("negotiation",),
        text=MEMO, effective_date=DAY,
    )
    service.record_leaving(event_id="leave-E2", hris_id="E2", reason="voluntary",
                           effective_date=LEFT)
    return Story(program_id, request_id, mentorship_id)
