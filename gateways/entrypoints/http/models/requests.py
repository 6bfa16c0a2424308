"""Mentorship requests and their outcomes, and direct assignments by admins."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel, Field

from gateways.entrypoints.http.models.common import (
    BusinessDate,
    CommandBody,
    HrisId,
    ReasonedBody,
    StateView,
    Text,
    Topic,
)
from services import mentorships, requests


class MakeRequest(CommandBody, command=requests.MakeRequest):
    """The acting employee (the mentee) asks ranked mentors, best first."""

    topic: Topic
    choices: list[HrisId] = Field(min_length=1, max_length=10)
    reason: Text
    respond_by: BusinessDate


class AcceptRequest(CommandBody, command=requests.AcceptRequest):
    """The addressed mentor (the acting employee) accepts."""


class DeclineRequest(ReasonedBody, command=requests.DeclineRequest):
    """The addressed mentor declines, saying why."""


class WithdrawRequest(ReasonedBody, command=requests.WithdrawRequest):
    """The mentee withdraws the pending request."""


class ExpireRequest(CommandBody):
    """Expire the request if its respond-by date has passed (the effective date is today)."""


class AssignPair(CommandBody, command=mentorships.AssignPair):
    """An admin pairs a mentee with a mentor directly."""

    mentee_id: HrisId
    mentor_id: HrisId
    topic: Topic


class RequestMade(BaseModel):
    """The id of the new request."""

    request_id: UUID


class RequestAnswered(BaseModel):
    """The request, and the mentorship when the answer started one."""

    request_id: UUID
    mentorship_id: UUID | None = None


class RequestExpiry(BaseModel):
    """Whether the request expired now (false: it had expired or been answered already)."""

    request_id: UUID
    expired: bool


class PairAssigned(BaseModel):
    """The mentorship the assignment started."""

    mentorship_id: UUID


class RequestView(StateView):
    """A request as it is now."""

    request_id: UUID = Field(validation_alias="id")
    version: int
    program_id: UUID
    mentee_id: str
    topic: str
    choices: list[str]
    reason: str
    addressed_mentor_id: str = Field(validation_alias="mentor_id")
    respond_by: date
    status: str
    mentorship_id: UUID | None
