"""Mentor volunteering, nominations, training, profiles and withdrawal; mentee enrolment."""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel, Field

from gateways.entrypoints.http.models.common import CommandBody, Name, Text, Topics
from services import enrolment

Capacity = Field(ge=1, le=50, description="most active mentees at a time")
Hours = Field(ge=1, le=200, description="hours per month set aside for mentoring")


class MentorOffer(CommandBody):
    """What a mentor offers: topics, capacity and time."""

    topics: Topics = Field(min_length=1)
    capacity: int = Capacity
    hours_per_month: int = Hours


class Volunteer(MentorOffer):
    """The employee opts in as a mentor in the open round."""

    command = enrolment.VolunteerAsMentor


class Nominate(CommandBody):
    """An executive (the acting employee) nominates the employee as a mentor."""

    command = enrolment.NominateMentor


class AcceptNomination(MentorOffer):
    """The nominee accepts, stating the offer."""

    command = enrolment.AcceptNomination


class UpdateMentorProfile(MentorOffer):
    """The mentor changes topics, capacity or time."""

    command = enrolment.UpdateMentorProfile


class DeclineNomination(CommandBody):
    """The nominee declines."""

    command = enrolment.DeclineNomination

    reason: Text


class CompleteTraining(CommandBody):
    """The mentor completed the mentor training."""

    command = enrolment.CompleteMentorTraining

    course: Name


class WithdrawMentor(CommandBody):
    """The mentor stops taking new mentees."""

    command = enrolment.WithdrawMentor

    reason: Text


class EnrolMentee(CommandBody):
    """The employee enrols as a mentee in the open round."""

    command = enrolment.EnrolMentee

    topics: Topics = Field(min_length=1)
    aim: Text


class EnrolmentRecorded(BaseModel):
    """The enrolment the command created or changed."""

    enrolment_id: UUID
    program_id: UUID
    employee_id: str


class MentorView(BaseModel):
    """A mentor's enrolment in a program, as it is now."""

    enrolment_id: UUID
    version: int
    program_id: UUID
    employee_id: str
    round_number: int
    status: str
    topics: list[str]
    capacity: int
    hours_per_month: int
    trained: bool
    free_slots: int


class MenteeView(BaseModel):
    """A mentee's enrolment in a program."""

    enrolment_id: UUID
    version: int
    program_id: UUID
    employee_id: str
    round_number: int
    topics: list[str]
    aim: str
