"""Program: settings, rounds, and the version 1 -> 2 upcast of Launched."""

from __future__ import annotations

from datetime import date

import pytest

from domain.base import Stamp
from domain.errors import (
    InvalidValue,
    NotEligibleForRound,
    ProgramClosed,
    RoundAlreadyOpen,
    RoundNotOpen,
)
from domain.programs import ConflictRules
from tests.unit.domain.support import given, new_events, open_program, program


def test_a_program_of_an_unknown_type_is_refused() -> None:
    with pytest.raises(InvalidValue):
        program(program_type="speed-dating")


def test_a_program_cannot_end_before_it_starts() -> None:
    with pytest.raises(InvalidValue):
        program(starts_on=date(2024, 5, 1), ends_on=date(2024, 4, 1))


def test_only_a_reverse_program_allows_junior_mentors() -> None:
    assert given(program("reverse")).rules.allow_junior_mentors
    assert not given(program("general")).rules.allow_junior_mentors


def test_opening_a_round_numbers_it() -> None:
    launched = given(program())
    assert (
        launched.open_next_round(
            round_name="first", departments=(), stamp=Stamp("E0", date(2024, 2, 1))
        )
        == 1
    )
    assert new_events(launched) == ["RoundOpened"]


def test_a_second_round_cannot_open_while_one_is_open() -> None:
    launched = given(open_program())
    with pytest.raises(RoundAlreadyOpen):
        launched.open_next_round(
            round_name="second", departments=(), stamp=Stamp("E0", date(2024, 3, 1))
        )


def test_the_next_round_gets_the_next_number() -> None:
    launched = open_program()
    launched.close_round(stamp=Stamp("E0", date(2024, 3, 1)))
    launched = given(launched)
    assert (
        launched.open_next_round(
            round_name="second", departments=(), stamp=Stamp("E0", date(2024, 4, 1))
        )
        == 2
    )


def test_enrolling_without_an_open_round_is_refused() -> None:
    with pytest.raises(RoundNotOpen):
        given(program()).check_round_open(date(2024, 3, 1))


def test_enrolling_before_the_round_opened_is_refused() -> None:
    with pytest.raises(RoundNotOpen):
        given(open_program()).check_round_open(date(2024, 1, 15))


def test_enrolling_after_the_round_closed_is_refused() -> None:
    launched = open_program()
    launched.close_round(stamp=Stamp("E0", date(2024, 3, 1)))
    with pytest.raises(RoundNotOpen):
        given(launched).check_round_open(date(2024, 3, 2))


def test_a_round_limited_to_some_departments_refuses_others() -> None:
    launched = given(open_program(departments=("Sales",)))
    with pytest.raises(NotEligibleForRound):
        launched.check_round_open(date(2024, 3, 1), "Legal")


def test_a_round_limited_to_some_departments_accepts_them() -> None:
    assert (
        given(open_program(departments=("Sales",))).check_round_open(date(2024, 3, 1), "Sales") == 1
    )


def test_a_closed_program_refuses_new_rounds() -> None:
    launched = program()
    launched.close(reason="done", stamp=Stamp("E0", date(2024, 6, 1)))
    with pytest.raises(ProgramClosed):
        given(launched).open_next_round(
            round_name="again", departments=(), stamp=Stamp("E0", date(2024, 7, 1))
        )


def test_an_admin_can_let_junior_mentors_into_a_general_program() -> None:
    launched = given(program())
    launched.change_rules(
        rules=ConflictRules(allow_junior_mentors=True), stamp=Stamp("A1", date(2024, 2, 1))
    )
    assert launched.rules.allow_junior_mentors
    assert new_events(launched) == ["ConflictRulesChanged"]


def test_negative_reporting_levels_are_refused_when_rules_change() -> None:
    with pytest.raises(InvalidValue):
        given(program()).change_rules(
            rules=ConflictRules(reporting_line_levels=-1), stamp=Stamp("A1", date(2024, 2, 1))
        )


def test_the_rules_of_a_closed_program_cannot_change() -> None:
    launched = program()
    launched.close(reason="done", stamp=Stamp("E0", date(2024, 6, 1)))
    with pytest.raises(ProgramClosed):
        given(launched).change_rules(rules=ConflictRules(), stamp=Stamp("A1", date(2024, 7, 1)))
