"""What the simulation remembers about each program, mentor, request and mentorship."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from gateways.demo.world.programs import ProgramPlan, RoundPlan


@dataclass
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


@dataclass
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


@dataclass
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
    """One program's plan and its live state."""

    plan: ProgramPlan
    sponsor: str
    id: UUID
    round_no: int = 0
    open_round: RoundPlan | None = None
    closed: bool = False
    mentors: dict[str, MentorState] = field(default_factory=dict)
    approached: dict[str, None] = field(default_factory=dict)
    mentees: dict[str, int] = field(default_factory=dict)
    pairs: dict[tuple[str, str], None] = field(default_factory=dict)
