"""Mentorship requests: the mentee asks and withdraws, the mentor answers, admins expire.

Who asks, accepts, declines or withdraws is the employee in X-Acting-Employee.
"""

from __future__ import annotations

from uuid import UUID

from fastapi import Response

from domain.requests import MentorshipRequest
from gateways.entrypoints.http.deps import (
    AdminCaller,
    CommandDep,
    NewCommandDep,
    PortalCaller,
    ServiceDep,
    StateReader,
)
from gateways.entrypoints.http.models.requests import (
    AcceptRequest,
    DeclineRequest,
    ExpireRequest,
    MakeRequest,
    RequestAnswered,
    RequestExpiry,
    RequestMade,
    RequestView,
    WithdrawRequest,
)
from gateways.entrypoints.http.routers.common import acting_employee, api_router, set_etag
from gateways.entrypoints.http.routers.visibility import check_sees_request
from services import requests

router = api_router("requests")


@router.post("/programs/{program_id}/requests", status_code=201, summary="Ask for a mentor")
def make_request(program_id: UUID, caller: PortalCaller, context: NewCommandDep, body: MakeRequest,
                 service: ServiceDep, response: Response) -> RequestMade:
    """The acting employee asks ranked mentors, best first, to respond by a date."""
    command = body.to_command(context, actor=acting_employee(caller), program_id=program_id)
    request_id = service.handle(command)
    response.headers["Location"] = f"/requests/{request_id}"
    return RequestMade(request_id=request_id)


@router.post("/requests/{request_id}/accept", summary="Accept a request")
def accept_request(request_id: UUID, caller: PortalCaller, context: CommandDep,
                   body: AcceptRequest, service: ServiceDep) -> RequestAnswered:
    """The addressed mentor accepts: the mentorship starts."""
    command = body.to_command(context, actor=acting_employee(caller), request_id=request_id)
    return RequestAnswered(request_id=request_id, mentorship_id=service.handle(command))


@router.post("/requests/{request_id}/decline", summary="Decline a request")
def decline_request(request_id: UUID, caller: PortalCaller, context: CommandDep,
                    body: DeclineRequest, service: ServiceDep) -> RequestAnswered:
    """The addressed mentor declines; the request moves to the next choice, if any."""
    service.handle(body.to_command(context, actor=acting_employee(caller), request_id=request_id))
    return RequestAnswered(request_id=request_id)


@router.post("/requests/{request_id}/withdraw", summary="Withdraw a request")
def withdraw_request(request_id: UUID, caller: PortalCaller, context: CommandDep,
                     body: WithdrawRequest, service: ServiceDep) -> RequestAnswered:
    """The mentee withdraws the pending request."""
    service.handle(body.to_command(context, actor=acting_employee(caller), request_id=request_id))
    return RequestAnswered(request_id=request_id)


@router.post("/requests/{request_id}/expire", summary="Expire a request past its date")
def expire_request(request_id: UUID, caller: AdminCaller, context: NewCommandDep,
                   body: ExpireRequest, service: ServiceDep) -> RequestExpiry:
    """Expire the request if its respond-by date has passed (the scheduler's job)."""
    command = requests.ExpireRequest.on(request_id, body.business_date(), context.command_id)
    return RequestExpiry(request_id=request_id, expired=service.handle(command))


@router.get("/requests/{request_id}", summary="A request's state")
def get_request(request_id: UUID, caller: StateReader, service: ServiceDep,
                response: Response) -> RequestView:
    """The request now; the portal sees it only for its mentee or a ranked mentor."""
    request = service.load(MentorshipRequest, request_id)
    check_sees_request(caller, request)
    set_etag(response, request.version)
    return request_view(request)


def request_view(request: MentorshipRequest) -> RequestView:
    """The response model of a request aggregate."""
    return RequestView(
        request_id=request.id, version=request.version, program_id=request.program_id,
        mentee_id=request.mentee_id, topic=request.topic, choices=list(request.choices),
        reason=request.reason, addressed_mentor_id=request.mentor_id,
        respond_by=request.respond_by, status=request.status,
        mentorship_id=request.mentorship_id,
    )
