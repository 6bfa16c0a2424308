"""The program office: the live state of every program, request and mentorship."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from uuid import UUID

from gateways.demo.world.engine import Sim
from gateways.demo.world.people import Person
from gateways.demo.world.state import MentorshipState, ProgramState, RequestState


@dataclass
class Office:
    """Everything the mentoring side of the simulation knows."""

    sim: Sim
    programs: dict[str, ProgramState] = field(default_factory=dict)
    requests: dict[UUID, RequestState] = field(default_factory=dict)
    mentorships: dict[UUID, MentorshipState] = field(default_factory=dict)
    forward: Callable[[RequestState], None] = lambda request: None
    requests_of: dict[str, list[RequestState]] = field(default_factory=dict)
    """Each person's requests (as mentee or as one of the choices), in the order made."""
    mentorships_of: dict[str, list[MentorshipState]] = field(default_factory=dict)
    """Each person's mentorships (either side), in the order started."""
    declines: Counter[tuple[str, str]] = field(default_factory=Counter)
    """How many requests each mentor declined from each mentee, (mentee, mentor), any program."""

    def add_request(self, request: RequestState) -> None:
        """Keep a new request, indexed by everyone it names."""
        self.requests[request.id] = request
        for who in (request.mentee, *request.choices):
            self.requests_of.setdefault(who, []).append(request)

    def add_mentorship(self, mentorship: MentorshipState) -> None:
        """Keep a new mentorship, indexed by both sides."""
        self.mentorships[mentorship.id] = mentorship
        for who in (mentorship.mentee, mentorship.mentor):
            self.mentorships_of.setdefault(who, []).append(mentorship)

    def on_leave(self, person: Person) -> None:
        """A leaver's requests close or move on and their mentorships end, as the system does."""
        who = person.hris_id
        for request in self.requests_of.get(who, ()):
            if request.open and request.mentee == who:
                request.open = False
            elif request.open and request.addressed == who:
                self.forward(request)
        for mentorship in self.mentorships_of.get(who, ()):
            if mentorship.active:
                end(self, mentorship)
        for program in self.programs.values():
            if who in program.mentors:
                program.lose(who)


def in_open_round(program: ProgramState, person: Person) -> bool:
    """Whether a round of the program is open to the person's department now."""
    open_round = program.open_round
    if open_round is None or program.closed:
        return False
    return open_round.departments is None or person.department in open_round.departments


def end(office: Office, mentorship: MentorshipState) -> None:
    """Mark a mentorship ended and free the mentor's capacity."""
    mentorship.active = False
    office.programs[mentorship.program_key].release(mentorship.mentor, mentorship.id)
