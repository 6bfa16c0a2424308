"""What the simulation remembers about each program, mentor, request and mentorship."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

import numpy as np

from gateways.demo.world.columns import Column
from gateways.demo.world.programs import ProgramPlan, RoundPlan


@dataclass(slots=True)
class MentorState:
    """A mentor's enrolment in one program."""

    hris_id: str
    topics: tuple[str, ...]
    capacity: int
    trained: bool = False
    gone: bool = False
    active: dict[UUID, None] = field(default_factory=dict)

    @property
    def has_room(self) -> bool:
        """Still here, trained and below capacity."""
        return not self.gone and self.trained and len(self.active) < self.capacity


@dataclass(slots=True)
class RequestState:
    """A mentee's request, walking down the ranked choices."""

    id: UUID
    program_key: str
    mentee: str
    choices: tuple[str, ...]
    topic: str
    asked_on: date
    respond_by: date
    index: int = 0
    open: bool = True

    @property
    def addressed(self) -> str:
        """The mentor the request is addressed to now."""
        return self.choices[self.index]


@dataclass(slots=True)
class MentorshipState:
    """An active or ended pair."""

    id: UUID
    program_key: str
    mentee: str
    mentor: str
    started_on: date
    active: bool = True
    sessions: int = 0
    stalls_after: int = 99


@dataclass
class ProgramState:
    """One program's plan and its live state.

    Mentors are kept in enrolment order, with columns over them (who they are in the roster,
    whether they have room, which topics they offer) so that the mentors who could take a
    mentee are found in bulk; change a mentor's room only through the methods below.
    """

    plan: ProgramPlan
    sponsor: str
    id: UUID
    round_no: int = 0
    open_round: RoundPlan | None = None
    closed: bool = False
    mentors: dict[str, MentorState] = field(default_factory=dict)
    approached: dict[str, None] = field(default_factory=dict)
    mentees: dict[str, int] = field(default_factory=dict)
    mentee_topics: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """The topics each mentee enrolled with (their latest round's)."""
    pairs: dict[tuple[str, str], None] = field(default_factory=dict)
    partners: dict[str, list[str]] = field(default_factory=dict)
    """Each mentee's mentors in this program so far."""
    mentor_order: dict[str, int] = field(default_factory=dict)
    mentor_people: Column = field(default_factory=lambda: Column(np.int64))
    """Each mentor's roster ordinal, by enrolment ordinal."""
    mentor_ids: list[str] = field(default_factory=list)
    """Each mentor's id, by enrolment ordinal."""
    room: Column = field(default_factory=lambda: Column(np.bool_, False))
    offers: dict[str, Column] = field(default_factory=dict)
    """Per topic, whether each mentor offers it."""

    def enrol_mentor(self, mentor: MentorState, person_ordinal: int) -> None:
        """Add a mentor (not yet trained, so without room)."""
        ordinal = len(self.mentor_order)
        self.mentors[mentor.hris_id] = mentor
        self.mentor_order[mentor.hris_id] = ordinal
        self.mentor_people.set(ordinal, person_ordinal)
        self.mentor_ids.append(mentor.hris_id)
        for topic in self.plan.topics:
            self.offers.setdefault(topic, Column(np.bool_, False)).set(
                ordinal, topic in mentor.topics
            )
        self._sync(mentor)

    def train(self, mentor: MentorState) -> None:
        """The mentor completed the training."""
        mentor.trained = True
        self._sync(mentor)

    def lose(self, hris_id: str) -> None:
        """The mentor left the company."""
        mentor = self.mentors[hris_id]
        mentor.gone = True
        self._sync(mentor)

    def pair(self, mentee: str, mentor: str, mentorship: UUID) -> None:
        """A pair starts: it takes a place in the mentor's capacity."""
        self.pairs[(mentee, mentor)] = None
        self.partners.setdefault(mentee, []).append(mentor)
        self.mentors[mentor].active[mentorship] = None
        self._sync(self.mentors[mentor])

    def release(self, mentor: str, mentorship: UUID) -> None:
        """A pair ended: its place in the mentor's capacity is free again."""
        state = self.mentors.get(mentor)
        if state is not None:
            state.active.pop(mentorship, None)
            self._sync(state)

    def _sync(self, mentor: MentorState) -> None:
        self.room.set(self.mentor_order[mentor.hris_id], mentor.has_room)
