"""Who may see what: the portal sees only what involves its acting employee."""

from __future__ import annotations

from domain.mentorships import Mentorship
from domain.requests import MentorshipRequest
from gateways.entrypoints.http.auth.callers import Caller
from gateways.entrypoints.http.auth.keys import Role
from gateways.entrypoints.http.problems import HttpProblem
from gateways.entrypoints.http.routers.common import acting_employee


def check_sees_request(caller: Caller, request: MentorshipRequest) -> None:
    """The portal sees a request only for its mentee or one of the ranked mentors."""
    if caller.role is Role.PORTAL:
        employee = acting_employee(caller)
        if employee != request.mentee_id and employee not in request.choices:
            raise HttpProblem(403, "not-involved", "the acting employee is not in this request")


def is_pair(caller: Caller, mentorship: Mentorship) -> bool:
    """Whether the caller acts for the mentee or the mentor."""
    return caller.acting_employee in (mentorship.mentee_id, mentorship.mentor_id)


def check_sees_mentorship(caller: Caller, mentorship: Mentorship) -> None:
    """The portal sees a mentorship only when acting for one of the pair."""
    if caller.role is Role.PORTAL and not is_pair(caller, mentorship):
        acting_employee(caller)
        raise HttpProblem(403, "not-involved", "the acting employee is not in this mentorship")


def check_sees_private(caller: Caller, mentorship: Mentorship) -> None:
    """Memo texts and kickoff answers: the pair (through the portal) and admins only."""
    if caller.role is not Role.ADMIN and not is_pair(caller, mentorship):
        raise HttpProblem(403, "private-to-the-pair", "only the pair and admins may read this")
