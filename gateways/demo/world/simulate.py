"""The synthetic world: simulate an organisation and its programs, and return the timeline."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

from gateways.demo.world.engine import Sim, Step, Truth
from gateways.demo.world.hr import HumanResources
from gateways.demo.world.office import Office
from gateways.demo.world.params import WorldParams
from gateways.demo.world.people import Person
from gateways.demo.world.recruitment import schedule_programs
from gateways.demo.world.requests import forward
from gateways.demo.world.workforce import load_initial_workforce
from services.command import Command


@dataclass(frozen=True)
class World:
    """The ordered timeline of what happened, with the truth behind it."""

    params: WorldParams
    timeline: tuple[Step, ...]
    truth: Truth
    people: int
    selection_gap: float
    """Mean engagement of those ever mentored minus that of everyone else (the selection)."""

    def counts(self) -> Counter[str]:
        """How many steps of each kind (HRIS message types and command class names)."""
        return Counter(
            type(step).__name__ if isinstance(step, Command) else step.type
            for step in self.timeline
        )


def simulate(params: WorldParams | None = None) -> World:
    """Run the simulation: deterministic for a given ``params.seed``; pure, no I/O."""
    params = params or WorldParams()
    sim = Sim(params, random.Random(params.seed))
    load_initial_workforce(sim)
    office = Office(sim)
    office.forward = lambda request: forward(office, request)
    hr = HumanResources(sim)
    hr.leave_listeners.append(office.on_leave)
    hr.start()
    schedule_programs(office)
    sim.run_until(params.end)
    people = list(sim.roster.people.values())
    return World(params, tuple(sim.timeline), sim.truth, len(people), _selection_gap(people))


def _selection_gap(people: list[Person]) -> float:
    joined = [p.engagement for p in people if p.mentored_since is not None]
    others = [p.engagement for p in people if p.mentored_since is None]
    if not joined or not others:
        return 0.0
    return sum(joined) / len(joined) - sum(others) / len(others)
