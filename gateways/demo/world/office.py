"""The program office: the live state of every program, request and mentorship."""

from __future__ import annotations

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

    def on_leave(self, person: Person) -> None:
        """A leaver's requests close or move on and their mentorships end, as the system does."""
        who = person.hris_id
        for request in self.requests.values():
            if request.open and request.mentee == who:
                request.open = False
            elif request.open and request.addressed == who:
                self.forward(request)
        for mentorship in self.mentorships.values():
            if mentorship.active and who in (mentorship.mentee, mentorship.mentor):
                end(self, mentorship)
        for program in self.programs.values():
            if who in program.mentors:
                program.mentors[who].gone = True


def in_open_round(program: ProgramState, person: Person) -> bool:
    """Whether a round of the program is open to the person's department now."""
    open_round = program.open_round
    if open_round is None or program.closed:
        return False
    return open_round.departments is None or person.department in open_round.departments


def end(office: Office, mentorship: MentorshipState) -> None:
    """Mark a mentorship ended and free the mentor's capacity."""
    mentorship.active = False
    program = office.programs[mentorship.program_key]
    mentor = program.mentors.get(mentorship.mentor)
    if mentor is not None:
        mentor.active.pop(mentorship.id, None)
