"""The workforce on the first day: a CEO, department heads and a level pyramid under them."""

from __future__ import annotations

from datetime import date, timedelta

from gateways.demo.world import hris
from gateways.demo.world.engine import Sim
from gateways.demo.world.people import (
    CEO_LEVEL,
    DEPARTMENTS,
    EXECUTIVE,
    GROUPS,
    LEVELS,
    LOCATIONS,
    Person,
    pick,
)


def new_person(sim: Sim, department: str, level: int, hired_on: date) -> Person:
    """A person with drawn traits (location, group, engagement, age) and a fresh HRIS id."""
    rng = sim.rng
    age = min(66.0, max(21.0, 24 + 3 * level + rng.gauss(0, 9)))
    person = Person(
        hris_id=sim.roster.new_id(),
        department=department,
        level=level,
        manager=None,
        location=str(pick(rng, LOCATIONS)),
        group=pick(rng, GROUPS),
        engagement=rng.gauss(0, 1),
        age=age,
        hired_on=hired_on,
    )
    sim.roster.add(person)
    return person


def load_initial_workforce(sim: Sim) -> None:
    """Create the starting headcount and publish their hires, managers before their reports."""
    rng, start = sim.rng, sim.params.start
    ceo = new_person(sim, EXECUTIVE, CEO_LEVEL, start - timedelta(days=4000))
    ceo.engagement = 1.0
    people = [ceo]
    for department in DEPARTMENTS:
        head = new_person(sim, department, 6, start - timedelta(days=rng.randint(400, 5000)))
        people.append(head)
    sim.roster.executives.extend(p.hris_id for p in people)
    while len(people) < sim.params.employees:
        department = str(pick(rng, DEPARTMENTS))
        level = int(str(pick(rng, {str(k): v for k, v in LEVELS.items()})))
        tenure_days = min(7000, int(rng.expovariate(1 / 1300)) + 7)
        people.append(new_person(sim, department, level, start - timedelta(days=tenure_days)))
    for person in sorted(people[1:], key=lambda p: -p.level):
        manager = sim.roster.choose_manager(rng, person.department, person.level)
        sim.roster.set_manager(person, manager)
    for person in sorted(people, key=lambda p: -p.level):
        hris.hired(sim, person)
