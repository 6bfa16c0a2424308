"""Mentor volunteering, nominations, training, profiles and withdrawal; mentee enrolment."""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel, Field

from gateways.entrypoints.http.models.common import (
    CommandBody,
    Name,
    ReasonedBody,
    StateView,
    Text,
    Topics,
)
from services import enrolment

Capacity = Field(ge=1, le=50, description="most active mentees at a time")
Hours = Field(ge=1, le=200, description="hours per month set aside for mentoring")


class MentorOffer(CommandBody):
    """What a mentor offers: topics, capacity and time."""

    topics: Topics = Field(min_length=1)
    capacity: int = Capacity
    hours_per_month: int = Hours


class Volunteer(MentorOffer, command=enrolment.VolunteerAsMentor):
    """The employee opts in as a mentor in the open round."""


class Nominate(CommandBody, command=enrolment.NominateMentor):
    """An executive (the acting employee) nominates the employee as a mentor."""


class AcceptNomination(MentorOffer, command=enrolment.AcceptNomination):
    """The nominee accepts, stating the offer."""


class UpdateMentorProfile(MentorOffer, command=enrolment.UpdateMentorProfile):
    """The mentor changes topics, capacity or time."""


class DeclineNomination(ReasonedBody, command=enrolment.DeclineNomination):
    """The nominee declines."""


class CompleteTraining(CommandBody, command=enrolment.CompleteMentorTraining):
    """The mentor completed the mentor training."""

    course: Name


class WithdrawMentor(ReasonedBody, command=enrolment.WithdrawMentor):
    """The mentor stops taking new mentees."""


class EnrolMentee(CommandBody, command=enrolment.EnrolMentee):
    """The employee enrols as a mentee in the open round."""

    topics: Topics = Field(min_length=1)
    aim: Text


class EnrolmentRecorded(BaseModel):
    """The enrolment the command created or changed."""

    enrolment_id: UUID
    program_id: UUID
    employee_id: str


class EnrolmentView(StateView):
    """What every enrolment view shows first: whose enrolment, in which program and round."""

    enrolment_id: UUID = Field(validation_alias="id")
    version: int
    program_id: UUID
    employee_id: str
    round_number: int


class MentorView(EnrolmentView):
    """A mentor's enrolment in a program, as it is now."""

    status: str
    topics: list[str]
    capacity: int
    hours_per_month: int
    trained: bool
    free_slots: int


class MenteeView(EnrolmentView):
    """A mentee's enrolment in a program."""

    topics: list[str]
    aim: str
