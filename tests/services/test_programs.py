"""Programs through the service: conflict rules changed by an admin apply to later requests."""

from __future__ import annotations

import pytest

from domain.base import Stamp
from domain.errors import JuniorMentorNotAllowed, VersionConflict
from domain.programs import Program
from services.mentoring import MentoringService
from services.programs import ChangeConflictRules
from tests.services.scenario import OPENED, Scenario


def _rules(program_id: object, **changes: object) -> ChangeConflictRules:
    values: dict[str, object] = {
        "reporting_line_levels": 2, "forbid_same_manager": False, "require_training": True,
        "allow_junior_mentors": False, **changes,
    }
    return ChangeConflictRules(stamp=Stamp("A1", OPENED), program_id=program_id, **values)


def _junior_mentor_and_senior_mentee(service: MentoringService) -> Scenario:
    world = Scenario(service)
    world.hire("T1", job_level=7)
    world.hire("M1", job_level=3)
    world.program()
    world.mentee(world.program_id, "T1")
    world.mentor(world.program_id, "M1")
    return world


def test_a_general_program_refuses_a_junior_mentor_until_an_admin_allows_it(
    service: MentoringService,
) -> None:
    world = _junior_mentor_and_senior_mentee(service)
    with pytest.raises(JuniorMentorNotAllowed):
        world.request(world.program_id, "T1", ("M1",))
    service.handle(_rules(world.program_id, allow_junior_mentors=True))
    assert world.request(world.program_id, "T1", ("M1",))


def test_changed_rules_show_in_the_program(service: MentoringService) -> None:
    world = _junior_mentor_and_senior_mentee(service)
    service.handle(_rules(world.program_id, forbid_same_manager=True, reporting_line_levels=0))
    rules = service.load(Program, world.program_id).rules
    assert (rules.forbid_same_manager, rules.reporting_line_levels) == (True, 0)


def test_a_rules_change_against_a_stale_version_is_a_conflict(service: MentoringService) -> None:
    world = _junior_mentor_and_senior_mentee(service)
    stale = ChangeConflictRules(
        stamp=Stamp("A1", OPENED), program_id=world.program_id, reporting_line_levels=1,
        forbid_same_manager=False, require_training=True, allow_junior_mentors=True,
        expected_version=1,
    )
    with pytest.raises(VersionConflict):
        service.handle(stale)
