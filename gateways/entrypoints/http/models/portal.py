"""Current-state reads for the portal: a person's mentorships, open requests, a roster."""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel

from gateways.entrypoints.http.models.common import StateView
from gateways.entrypoints.http.models.mentorships import MentorshipView
from gateways.entrypoints.http.models.requests import RequestView


class PersonMentorships(BaseModel):
    """The active mentorships of one employee, in either role."""

    employee_id: str
    mentorships: list[MentorshipView]


class OpenRequests(BaseModel):
    """The pending requests addressed to one mentor."""

    mentor_id: str
    requests: list[RequestView]


class RosterEntry(StateView):
    """Who is on the roster, since which round."""

    employee_id: str
    round_number: int


class RosterMentor(RosterEntry):
    """A mentor on the roster."""

    status: str
    topics: list[str]
    capacity: int
    free_slots: int
    trained: bool


class RosterMentee(RosterEntry):
    """A mentee on the roster."""

    topics: list[str]


class Roster(BaseModel):
    """Who takes part in a program."""

    program_id: UUID
    mentors: list[RosterMentor]
    mentees: list[RosterMentee]
