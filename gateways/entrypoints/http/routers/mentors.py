"""Mentor enrolment: volunteering, nominations and their answers, training, profile, withdrawal.

The path names the mentor; the portal may act only for the employee in X-Acting-Employee,
except when nominating (the acting employee is the nominating executive).
"""

from __future__ import annotations

from uuid import UUID

from fastapi import Response

from domain.mentors import MentorEnrolment
from gateways.entrypoints.http.deps import HrisCaller, PortalCaller, ServiceDep, StateReader
from gateways.entrypoints.http.models import enrolment as models
from gateways.entrypoints.http.routers.commands import (
    CommandRoutes,
    Reply,
    the_caller,
    the_employee_in_path,
)
from gateways.entrypoints.http.routers.common import EmployeePath, api_router, current

router = api_router("mentors")
MENTOR = "/programs/{program_id}/mentors/{employee_id}"
mentor = CommandRoutes(router, MENTOR, Reply(models.EnrolmentRecorded, "enrolment_id"),
                       actor=the_employee_in_path)

mentor.post("/volunteer", models.Volunteer, PortalCaller, name="volunteer", status_code=201,
            summary="Volunteer as a mentor",
            description="The employee opts in as a mentor in the program's open round.")
mentor.post("/nomination", models.Nominate, PortalCaller, name="nominate", status_code=201,
            actor=the_caller, summary="Nominate a mentor",
            description="The acting executive nominates the employee; the nominee answers later.")
mentor.post("/nomination/accept", models.AcceptNomination, PortalCaller,
            name="accept_nomination", summary="Accept a nomination",
            description="The nominee accepts, stating topics, capacity and time.")
mentor.post("/nomination/decline", models.DeclineNomination, PortalCaller,
            name="decline_nomination", summary="Decline a nomination",
            description="The nominee declines, saying why.")
mentor.post("/training", models.CompleteTraining, HrisCaller, name="complete_training",
            actor=the_caller, summary="Record completed mentor training",
            description="The learning system (via the HRIS role) or an admin records the training.")
mentor.put("/profile", models.UpdateMentorProfile, PortalCaller, name="update_profile",
           summary="Update the mentor's offer",
           description="New topics, capacity or time; If-Match guards against a stale enrolment.")
mentor.post("/withdraw", models.WithdrawMentor, PortalCaller, name="withdraw",
            summary="Withdraw as a mentor",
            description="The mentor stops taking new mentees; current mentorships go on.")


@router.get(MENTOR, summary="A mentor's enrolment")
def get_mentor(program_id: UUID, employee_id: EmployeePath, caller: StateReader,
               service: ServiceDep, response: Response) -> models.MentorView:
    """The mentor's offer and status now; the ETag is the version."""
    enrolment_id = MentorEnrolment.create_id(program_id, employee_id)
    return current(response, models.MentorView, service.load(MentorEnrolment, enrolment_id))
