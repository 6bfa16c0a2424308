"""Mentorship requests and their outcomes, and direct assignments by admins."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel, Field

from gateways.entrypoints.http.models.common import BusinessDate, CommandBody, HrisId, Text, Topic
from services import mentorships, requests


class MakeRequest(CommandBody):
    """The acting employee (the mentee) asks ranked mentors, best first."""

    command = requests.MakeRequest

    topic: Topic
    choices: list[HrisId] = Field(min_length=1, max_length=10)
    reason: Text
    respond_by: BusinessDate


class AcceptRequest(CommandBody):
    """The addressed mentor (the acting employee) accepts."""

    command = requests.AcceptRequest


class DeclineRequest(CommandBody):
    """The addressed mentor declines, saying why."""

    command = requests.DeclineRequest

    reason: Text


class WithdrawRequest(CommandBody):
    """The mentee withdraws the pending request."""

    command = requests.WithdrawRequest

    reason: Text


class ExpireRequest(CommandBody):
    """Expire the request if its respond-by date has passed (the effective date is today)."""


class AssignPair(CommandBody):
    """An admin pairs a mentee with a mentor directly."""

    command = mentorships.AssignPair

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


class RequestView(BaseModel):
    """A request as it is now."""

    request_id: UUID
    version: int
    program_id: UUID
    mentee_id: str
    topic: str
    choices: list[str]
    reason: str
    addressed_mentor_id: str
    respond_by: date
    status: str
    mentorship_id: UUID | None
