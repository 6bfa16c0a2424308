"""Mentorship requests: the mentee asks and withdraws, the mentor answers, admins expire.

Who asks, accepts, declines or withdraws is the employee in X-Acting-Employee.
"""

from __future__ import annotations

from uuid import UUID

from fastapi import Response

from domain.requests import MentorshipRequest
from gateways.entrypoints.http.clock import ServerToday
from gateways.entrypoints.http.deps import (
    AdminCaller,
    NewCommandDep,
    PortalCaller,
    ServiceDep,
    StateReader,
)
from gateways.entrypoints.http.models import requests as models
from gateways.entrypoints.http.models.requests import ExpireRequest, RequestExpiry
from gateways.entrypoints.http.routers.commands import CommandRoutes, Reply, the_acting_employee
from gateways.entrypoints.http.routers.common import api_router, current
from gateways.entrypoints.http.routers.visibility import check_sees_request
from services import requests

router = api_router("requests")

CommandRoutes(router, actor=the_acting_employee).post(
    "/programs/{program_id}/requests", models.MakeRequest, PortalCaller, name="make_request",
    status_code=201, summary="Ask for a mentor",
    reply=Reply(models.RequestMade, "request_id", location="/requests/{request_id}"),
    description="The acting employee asks ranked mentors, best first, to respond by a date.",
)
answer = CommandRoutes(router, reply=Reply(models.RequestAnswered), actor=the_acting_employee)
answer.post("/requests/{request_id}/accept", models.AcceptRequest, PortalCaller,
            name="accept_request", reply=Reply(models.RequestAnswered, "mentorship_id"),
            summary="Accept a request",
            description="The addressed mentor accepts: the mentorship starts.")
answer.post("/requests/{request_id}/decline", models.DeclineRequest, PortalCaller,
            name="decline_request", summary="Decline a request",
            description="The addressed mentor declines; the request moves to the next choice, "
            "if any.")
answer.post("/requests/{request_id}/withdraw", models.WithdrawRequest, PortalCaller,
            name="withdraw_request", summary="Withdraw a request",
            description="The mentee withdraws the pending request.")


@router.post("/requests/{request_id}/expire", summary="Expire a request past its date")
def expire_request(request_id: UUID, caller: AdminCaller, context: NewCommandDep,
                   body: ExpireRequest, service: ServiceDep, today: ServerToday) -> RequestExpiry:
    """Expire the request if its respond-by date has passed by the server's clock (the
    scheduler's job); the body's date is ignored: a caller cannot expire early."""
    command = requests.ExpireRequest.on(request_id, today, context.command_id)
    return RequestExpiry(request_id=request_id, expired=service.handle(command))


@router.get("/requests/{request_id}", summary="A request's state")
def get_request(request_id: UUID, caller: StateReader, service: ServiceDep,
                response: Response) -> models.RequestView:
    """The request now; the portal sees it only for its mentee or a ranked mentor."""
    request = service.load(MentorshipRequest, request_id)
    check_sees_request(caller, request)
    return current(response, models.RequestView, request)
