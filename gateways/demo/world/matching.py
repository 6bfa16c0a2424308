"""Which pairs the system would accept: the conflict-of-interest rules, checked before asking."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from domain.matching import MatchingWeights, PairFacts, pair_topic, total_score
from gateways.demo.world.people import Roster
from gateways.demo.world.state import ProgramState

Mask = npt.NDArray[np.bool_]
"""One flag per mentor of a program, in enrolment order."""


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


@dataclass(frozen=True)
class Fitting:
    """Some of a program's mentors (by enrolment ordinal, in order), drawn from without a list.

    ``choice`` and ``sample`` draw from the random stream exactly as ``random.choice`` and
    ``random.sample`` would over the list of these mentors' ids, without building it.
    """

    program: ProgramState
    ordinals: npt.NDArray[np.intp]

    def __len__(self) -> int:
        return len(self.ordinals)

    def choice(self, rng: random.Random) -> str:
        """One of them, as ``rng.choice`` over their ids."""
        return self._id(rng.choice(range(len(self.ordinals))))

    def sample(self, rng: random.Random, k: int) -> tuple[str, ...]:
        """``k`` of them, as ``rng.sample`` over their ids."""
        return tuple(self._id(j) for j in rng.sample(range(len(self.ordinals)), k))

    def offering(self, topic: str) -> Fitting:
        """Those of them who offer ``topic``."""
        offers = self.program.offers[topic].values[self.ordinals]
        return Fitting(self.program, self.ordinals[offers])

    def ids(self) -> list[str]:
        """Their ids, in order."""
        return [self._id(j) for j in range(len(self.ordinals))]

    def _id(self, j: int) -> str:
        return self.program.mentor_ids[int(self.ordinals[j])]


def fitting(roster: Roster, program: ProgramState, mentee_id: str, day: date) -> Fitting:
    """The mentors ``can_pair`` accepts for this mentee on ``day``, found in bulk.

    Room, availability and seniority are compared column-wise over every mentor; the few
    mentors a rule names (the mentee, their reporting line both ways, their manager's other
    reports where the program forbids them, earlier partners) are then struck out.
    """
    mask: Mask = program.room.values.copy()
    mentee = roster.people[mentee_id]
    if not mentee.available_on(day):
        return Fitting(program, np.flatnonzero(mask & False))
    people = program.mentor_people.values
    levels = roster.levels.values[people]
    mask &= levels < mentee.level if program.plan.reverse else levels > mentee.level
    mask &= roster.available_until.values[people] > day.toordinal()
    for mentor_id in _struck_out(roster, program, mentee_id):
        ordinal = program.mentor_order.get(mentor_id)
        if ordinal is not None:
            mask[ordinal] = False
    return Fitting(program, np.flatnonzero(mask))


def _struck_out(roster: Roster, program: ProgramState, mentee_id: str) -> set[str]:
    """Mentors a rule refuses for this mentee whatever their room, level or availability."""
    names = {mentee_id, *roster.chain(mentee_id), *roster.under(mentee_id)}
    names.update(program.partners.get(mentee_id, ()))
    manager = roster.people[mentee_id].manager
    if program.plan.forbid_same_manager and manager is not None:
        names.update(roster.reports.get(manager, {}))
    return names


def best_match(
    roster: Roster, program: ProgramState, mentee_id: str, candidates: Fitting,
    declines: Mapping[tuple[str, str], int],
) -> tuple[str, str]:
    """What cohort matching proposes for this one mentee among ``candidates``: the mentor whose
    pair scores best (the domain's scorer, the program's default weights; ties by HRIS id, as
    the suggestions rank them), and the topic the pair would work on."""
    mentee = roster.people[mentee_id]
    wanted = program.mentee_topics.get(mentee_id, ())
    weights = MatchingWeights()
    best: tuple[float, str, PairFacts] | None = None
    for mentor_id in sorted(candidates.ids()):
        offer, mentor = program.mentors[mentor_id], roster.people[mentor_id]
        facts = PairFacts(
            mentor_id=mentor_id, mentor_topics=offer.topics, wanted_topics=wanted,
            free_slots=offer.capacity - len(offer.active), capacity=offer.capacity,
            mentee_department=mentee.department, mentor_department=mentor.department,
            mentee_level=mentee.level, mentor_level=mentor.level,
            mentee_location=mentee.location, mentor_location=mentor.location,
            past_declines=declines.get((mentee_id, mentor_id), 0),
        )
        score = total_score(facts, weights)
        if best is None or score > best[0]:
            best = (score, mentor_id, facts)
    assert best is not None, "best_match needs at least one candidate"
    return best[1], pair_topic(best[2])
