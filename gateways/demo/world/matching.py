"""Which pairs the system would accept: the conflict-of-interest rules, checked before asking."""

from __future__ import annotations

from datetime import date

from gateways.demo.world.people import Roster
from gateways.demo.world.state import ProgramState


def can_pair(
    roster: Roster, program: ProgramState, mentee_id: str, mentor_id: str, day: date
) -> bool:
    """Whether the mentor could take this mentee on ``day`` without breaking a rule."""
    mentor_state = program.mentors.get(mentor_id)
    if mentee_id == mentor_id or mentor_state is None or not mentor_state.has_room:
        return False
    mentee, mentor = roster.people[mentee_id], roster.people[mentor_id]
    if not (mentee.available_on(day) and mentor.available_on(day)):
        return False
    if mentor_id in roster.chain(mentee_id) or mentee_id in roster.chain(mentor_id):
        return False
    if program.plan.forbid_same_manager and mentee.manager == mentor.manager:
        return False
    if program.plan.reverse != (mentor.level < mentee.level) or mentor.level == mentee.level:
        return False
    return (mentee_id, mentor_id) not in program.pairs
