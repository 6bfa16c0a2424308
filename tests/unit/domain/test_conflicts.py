"""Conflict-of-interest rules: every refused pair names its rule."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from domain.base import Stamp
from domain.conflicts import check_pair, reporting_chain
from domain.employees import Employee
from domain.errors import (
    AlreadyPaired,
    DatedBeforeHire,
    JuniorMentorNotAllowed,
    NotEmployed,
    ReportingLineConflict,
    SameManagerConflict,
    SelfMatch,
)
from domain.programs import ConflictRules
from tests.unit.domain.support import DAY, PROGRAM_ID, employee, given

#: E0 <- E1 <- E2 <- E3 (E3 reports to E2, who reports to E1, ...); E9 reports to E1 too.
ORG = {
    "E0": None,
    "E1": "E0",
    "E2": "E1",
    "E3": "E2",
    "E9": "E1",
    "X": None,
}


def person(hris_id: str, job_level: int = 5) -> Employee:
    return given(employee(hris_id, manager_id=ORG[hris_id], job_level=job_level))


def lookup(hris_id: str) -> Employee | None:
    return person(hris_id) if hris_id in ORG else None


def check(
    mentee: Employee, mentor: Employee, rules: ConflictRules | None = None, day: date = DAY
) -> None:
    rules = rules or ConflictRules()
    levels = rules.reporting_line_levels
    check_pair(
        rules=rules,
        program_id=PROGRAM_ID,
        mentee=mentee,
        mentor=mentor,
        mentee_chain=reporting_chain(mentee, levels, lookup),
        mentor_chain=reporting_chain(mentor, levels, lookup),
        day=day,
    )


def test_the_reporting_chain_walks_up_one_lookup_per_level() -> None:
    asked: list[str] = []

    def counting(hris_id: str) -> Employee | None:
        asked.append(hris_id)
        return lookup(hris_id)

    assert reporting_chain(person("E3"), 2, counting) == ("E2", "E1")
    assert asked == ["E2", "E1"]


def test_a_self_match_is_refused() -> None:
    with pytest.raises(SelfMatch):
        check(person("E3"), person("E3"))


def test_the_mentees_manager_as_mentor_is_refused() -> None:
    with pytest.raises(ReportingLineConflict):
        check(person("E3"), person("E2"))


def test_the_mentees_managers_manager_as_mentor_is_refused_within_two_levels() -> None:
    with pytest.raises(ReportingLineConflict):
        check(person("E3"), person("E1"))


def test_a_mentor_above_the_configured_levels_is_allowed() -> None:
    check(person("E3"), person("E0"), ConflictRules(reporting_line_levels=2))


def test_a_mentor_three_levels_up_is_refused_when_the_program_checks_three_levels() -> None:
    with pytest.raises(ReportingLineConflict):
        check(person("E3"), person("E0"), ConflictRules(reporting_line_levels=3))


def test_zero_reporting_levels_turns_the_reporting_line_rule_off() -> None:
    check(person("E3"), person("E2"), ConflictRules(reporting_line_levels=0))


def test_a_mentor_reporting_to_the_mentee_is_refused_too() -> None:
    rules = ConflictRules(allow_junior_mentors=True)
    with pytest.raises(ReportingLineConflict):
        check(person("E2"), person("E3", job_level=2), rules)


def test_two_people_with_the_same_manager_are_refused_where_the_program_forbids_it() -> None:
    with pytest.raises(SameManagerConflict):
        check(person("E2"), person("E9"), ConflictRules(forbid_same_manager=True))


def test_two_people_with_the_same_manager_are_allowed_by_default() -> None:
    check(person("E2"), person("E9"))


def test_a_junior_mentor_for_a_senior_mentee_is_refused_outside_reverse_mentoring() -> None:
    with pytest.raises(JuniorMentorNotAllowed):
        check(person("E2", job_level=7), person("X", job_level=2))


def test_a_junior_mentor_for_a_senior_mentee_is_allowed_in_reverse_mentoring() -> None:
    reverse = ConflictRules(allow_junior_mentors=True)
    check(person("E2", job_level=7), person("X", job_level=2), reverse)


def test_a_pair_already_in_a_mentorship_in_the_program_is_refused() -> None:
    mentee = employee("E2", manager_id="E1")
    mentee.join_mentorship(
        mentorship_id=uuid4(), program_id=PROGRAM_ID, partner_id="X", role="mentee",
        stamp=Stamp("X", DAY),
    )
    with pytest.raises(AlreadyPaired):
        check(given(mentee), person("X"))


def test_a_pair_active_in_another_program_may_pair_again_here() -> None:
    mentee = employee("E2", manager_id="E1")
    mentee.join_mentorship(
        mentorship_id=uuid4(), program_id=uuid4(), partner_id="X", role="mentee",
        stamp=Stamp("X", DAY),
    )
    check(given(mentee), person("X"))


def test_a_mentor_who_left_is_refused() -> None:
    mentor = employee("X")
    mentor.leave(reason="voluntary", stamp=Stamp("hris", date(2024, 2, 1)))
    with pytest.raises(NotEmployed):
        check(person("E2"), given(mentor))


def test_a_mentee_who_left_is_refused() -> None:
    mentee = employee("E2", manager_id="E1")
    mentee.leave(reason="involuntary", stamp=Stamp("hris", date(2024, 2, 1)))
    with pytest.raises(NotEmployed):
        check(given(mentee), person("X"))


def test_a_pair_dated_before_the_mentees_hire_is_refused() -> None:
    mentee = given(employee("E2", manager_id="E1", hired_on=date(2024, 6, 1)))
    with pytest.raises(DatedBeforeHire):
        check(mentee, person("X"))


def test_a_mentor_in_one_topic_may_be_a_mentee_in_another_at_the_same_time() -> None:
    mentee = employee("E2", manager_id="E1")
    mentee.join_mentorship(
        mentorship_id=uuid4(), program_id=PROGRAM_ID, partner_id="E9", role="mentor",
        stamp=Stamp("E2", DAY),
    )
    check(given(mentee), person("X"))
