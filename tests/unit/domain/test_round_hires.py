"""Rounds for the newest hires: the hire limits of a round, and version 1 rounds (no limits)."""

from __future__ import annotations

from datetime import date

import pytest

from domain.base import Stamp
from domain.errors import HiredTooEarlyForRound, InvalidValue, NotEligibleForRound
from domain.programs import Program, RoundHires
from tests.unit.domain.support import given, program, read_as_stored_before, replay

OPENED = date(2024, 2, 1)
DAY = date(2024, 3, 1)


def round_for(hires: RoundHires) -> Program:
    """A program whose round 1, open since 2024-02-01, has these hire limits."""
    launched = program()
    launched.open_next_round(
        round_name="new hires", departments=(), hires=hires, stamp=Stamp("E0", OPENED)
    )
    return given(launched)


def test_a_round_for_hires_since_a_date_refuses_someone_hired_before_it() -> None:
    with pytest.raises(HiredTooEarlyForRound, match="hired on or after 2024-01-01"):
        round_for(RoundHires(hired_on_or_after=date(2024, 1, 1))).check_round_admits_mentee(
            DAY, "T1", date(2023, 12, 31)
        )


def test_a_round_for_hires_since_a_date_admits_someone_hired_that_day() -> None:
    round_for(RoundHires(hired_on_or_after=date(2024, 1, 1))).check_round_admits_mentee(
        DAY, "T1", date(2024, 1, 1)
    )


def test_a_round_with_a_maximum_tenure_refuses_someone_employed_longer() -> None:
    with pytest.raises(HiredTooEarlyForRound, match="at most 90 days"):
        round_for(RoundHires(max_tenure_days=90)).check_round_admits_mentee(
            DAY, "T1", date(2023, 12, 1)
        )


def test_a_round_with_a_maximum_tenure_admits_someone_at_exactly_that_tenure() -> None:
    round_for(RoundHires(max_tenure_days=90)).check_round_admits_mentee(
        DAY, "T1", date(2023, 12, 2)
    )


def test_a_round_without_hire_limits_admits_any_tenure() -> None:
    round_for(RoundHires()).check_round_admits_mentee(DAY, "T1", date(1990, 1, 1))


def test_the_hire_limit_refusal_is_a_round_eligibility_refusal_with_its_own_rule() -> None:
    assert issubclass(HiredTooEarlyForRound, NotEligibleForRound)
    assert HiredTooEarlyForRound.rule == "hired-too-early-for-round"


def test_a_negative_maximum_tenure_is_refused() -> None:
    with pytest.raises(InvalidValue):
        round_for(RoundHires(max_tenure_days=-1))


def test_closing_the_round_lifts_its_hire_limits() -> None:
    launched = program()
    launched.open_next_round(
        round_name="new hires", departments=(), hires=RoundHires(max_tenure_days=30),
        stamp=Stamp("E0", OPENED),
    )
    launched.close_round(stamp=Stamp("E0", DAY))
    assert given(launched).open_round_hires == RoundHires()


def test_round_opened_is_at_schema_version_2() -> None:
    assert Program.RoundOpened.class_version == 2


def test_a_program_rebuilt_from_a_version_1_round_has_no_hire_limits() -> None:
    launched = program()
    launched.open_next_round(
        round_name="first", departments=("Sales",), hires=RoundHires(max_tenure_days=5),
        stamp=Stamp("E0", OPENED),
    )
    launch, opened = launched.collect_events()
    old = read_as_stored_before(opened, "hired_on_or_after", "max_tenure_days")  # version 1
    rebuilt: Program = replay([launch, old])
    assert (rebuilt.open_round, rebuilt.open_round_departments, rebuilt.open_round_hires) == (
        1, ("Sales",), RoundHires()
    )
