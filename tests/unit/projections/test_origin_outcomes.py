"""The pure parts of outcomes by origin: suppression of a cell and the self-chosen − placed
differences, from counts worked out by hand."""

from __future__ import annotations

import pytest

from projections.queries.origin_outcomes import (
    CellCounts,
    MeanScore,
    differences,
    protect_siblings,
)
from projections.stats.means import Sample


def cell(ended: int, completed: int, respondents: int, people: int, leavers: int) -> CellCounts:
    """A cell whose pairing fit and confidence answers are all 4 and 3 (one per respondent)."""
    fit = Sample(respondents, 4.0, 0.5) if respondents else None
    confidence = Sample(respondents, 3.0, 0.5) if respondents else None
    return CellCounts(ended, ended, ended, completed, respondents, (fit, confidence), people,
                      leavers, 0)


def test_a_cell_of_fewer_than_five_pairs_hides_its_counts_and_shares() -> None:
    outcome = cell(4, 3, 4, 4, 1).outcome("later_choice", "later")
    assert (outcome.mentorships, outcome.completion.rate, outcome.completion.suppressed) == (
        None, None, True)
    assert outcome.pairing_fit == MeanScore(None, None, None, None, True,
                                            "suppressed: fewer than 5 people")


def test_an_empty_cell_shows_zero_rather_than_suppressing_nobody() -> None:
    outcome = CellCounts().outcome("matching", "matched")
    assert (outcome.mentorships, outcome.completion.headcount, outcome.retention.headcount) == (
        0, 0, 0)
    assert not outcome.completion.suppressed and outcome.completion.rate is None


def test_differences_are_self_chosen_minus_placed_for_shares_and_means() -> None:
    found = {d.measure: d for d in differences(cell(10, 8, 6, 10, 1), cell(5, 2, 5, 5, 2))}
    assert found["completion"].difference == pytest.approx(0.8 - 0.4)
    assert found["retention"].difference == pytest.approx(0.9 - 0.6)
    assert found["promotion"].difference == pytest.approx(0.0)
    assert found["pairing_fit"].difference == pytest.approx(0.0)
    interval = found["completion"].interval
    assert interval is not None and interval.low < 0.4 < interval.high


def test_no_difference_is_given_when_either_side_is_suppressed() -> None:
    found = {d.measure: d for d in differences(cell(10, 8, 6, 10, 1), cell(4, 2, 4, 4, 2))}
    assert all(d.difference is None and d.interval is None for d in found.values())


def test_a_suppressed_origin_hides_the_same_figure_of_its_siblings_but_not_their_zeros() -> None:
    rows = protect_siblings([
        cell(10, 8, 6, 10, 1).outcome("first_choice", "first"),
        cell(3, 1, 6, 10, 1).outcome("later_choice", "later"),
        cell(10, 8, 6, 10, 1).outcome("assigned", "assigned"),
        CellCounts().outcome("matching", "matched"),
    ])
    first, later, assigned, matching = rows
    assert first.completion.suppressed and later.completion.suppressed
    assert first.retention.rate == 0.9 and first.mentorships is None  # later has 3 pairs
    assert assigned.completion.rate == 0.8 and matching.completion.headcount == 0
