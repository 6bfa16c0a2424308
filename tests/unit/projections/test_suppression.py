"""Small-cell suppression: nothing describing fewer than 5 people is shown."""

from __future__ import annotations

import pytest

from projections.privacy import group_is_shown, is_small, shown_count
from projections.queries.results import GroupRate, RateComparison


@pytest.mark.parametrize("people", [1, 2, 3, 4])
def test_counts_of_one_to_four_people_are_suppressed(people: int) -> None:
    assert is_small(people) and shown_count(people) is None


@pytest.mark.parametrize("people", [0, 5, 120])
def test_zero_and_counts_of_five_or_more_are_shown(people: int) -> None:
    assert shown_count(people) == people


def test_a_group_of_four_has_no_rate() -> None:
    assert not group_is_shown(4)
    rate = GroupRate.of(headcount=4, events=1, rate_of_events=False)

    assert rate.suppressed and rate.rate is None and rate.headcount is None
    assert rate.note is not None and "fewer than 5" in rate.note


def test_a_group_of_five_shows_its_retention_rate() -> None:
    rate = GroupRate.of(headcount=5, events=1, rate_of_events=False)

    assert not rate.suppressed and rate.rate == pytest.approx(4 / 5)


def test_no_difference_is_shown_when_either_side_is_suppressed() -> None:
    comparison = RateComparison.of("Sales", {True: (3, 0), False: (40, 4)}, False)

    assert comparison.participants.suppressed and not comparison.others.suppressed
    assert comparison.difference is None and comparison.difference_interval is None


def test_an_empty_side_is_suppressed_rather_than_divided_by_zero() -> None:
    comparison = RateComparison.of(None, {False: (40, 4)}, False)

    assert comparison.participants.suppressed and comparison.difference is None
