"""The world's indexes find what a scan of everyone would find, at any moment of its life."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import numpy as np

from gateways.demo.world.matching import Fitting, can_pair, fitting
from gateways.demo.world.office import Office
from gateways.demo.world.params import WorldParams
from gateways.demo.world.simulate import start_world

MOMENTS = (date(2023, 6, 15), date(2024, 3, 2), date(2024, 11, 20), date(2025, 8, 9))


def moments() -> Iterator[Office]:
    """A 300-person world, stopped at several days of its life in turn."""
    office = start_world(WorldParams(seed=5, employees=300))
    for day in MOMENTS:
        office.sim.run_until(day)
        yield office


def _managers_by_scan(office: Office, department: str, level: int) -> list[str]:
    return [
        p.hris_id
        for p in office.sim.roster.people.values()
        if p.employed and p.leaving_on is None and p.department == department and p.level == level
    ]


def test_the_manager_index_holds_who_a_scan_finds_in_hire_order() -> None:
    for office in moments():
        roster = office.sim.roster
        keys = {(p.department, p.level) for p in roster.people.values()}
        for department, level in keys:
            indexed = [
                roster.in_order[i].hris_id for i in roster.managers.get((department, level), [])
            ]
            assert indexed == _managers_by_scan(office, department, level)


def test_the_fitting_mentors_are_those_can_pair_accepts_in_enrolment_order() -> None:
    checked = 0
    for office in moments():
        sim = office.sim
        for program in office.programs.values():
            for person in sim.roster.employed():
                found = fitting(sim.roster, program, person.hris_id, sim.today).ids()
                expected = [
                    m
                    for m in program.mentors
                    if can_pair(sim.roster, program, person.hris_id, m, sim.today)
                ]
                assert found == expected
                checked += len(expected)
    assert checked > 100


def test_the_mentors_offering_a_topic_keep_their_order() -> None:
    office = start_world(WorldParams(seed=5, employees=300))
    office.sim.run_until(date(2025, 1, 1))
    program = office.programs["open"]
    everyone = Fitting(program, np.arange(len(program.mentors)))
    for topic in program.plan.topics:
        expected = [m for m, state in program.mentors.items() if topic in state.topics]
        assert everyone.offering(topic).ids() == expected
