"""Wilson score intervals and Newcombe's interval for a difference, against published values."""

from __future__ import annotations

import pytest

from projections.stats.proportions import newcombe_difference, wilson


def test_wilson_interval_matches_newcombe_1998_example() -> None:
    # Newcombe (1998), Statistics in Medicine 17:857, example: 81/263 -> 0.2553 to 0.3662.
    interval = wilson(81, 263)

    assert interval.low == pytest.approx(0.2553, abs=1e-4)
    assert interval.high == pytest.approx(0.3662, abs=1e-4)


def test_wilson_interval_stays_inside_zero_and_one_at_the_extremes() -> None:
    none, every = wilson(0, 10), wilson(10, 10)

    assert none.low == pytest.approx(0.0, abs=1e-12)
    assert none.high == pytest.approx(0.2775, abs=1e-4)
    assert every.high == pytest.approx(1.0) and every.low == pytest.approx(0.7225, abs=1e-4)


def test_wilson_interval_of_zero_trials_is_refused() -> None:
    with pytest.raises(ValueError):
        wilson(0, 0)


def test_more_successes_than_trials_are_refused() -> None:
    with pytest.raises(ValueError):
        wilson(6, 5)


def test_newcombe_difference_matches_the_published_example() -> None:
    # Newcombe (1998), Statistics in Medicine 17:873, 56/70 - 48/80: +0.0524 to +0.3339.
    difference, interval = newcombe_difference(56, 70, 48, 80)

    assert difference == pytest.approx(0.2)
    assert interval.low == pytest.approx(0.0524, abs=1e-4)
    assert interval.high == pytest.approx(0.3339, abs=1e-4)
