"""Means with t intervals and the Welch interval of a difference agree with scipy's own."""

from __future__ import annotations

import pytest
from scipy import stats

from projections.stats.means import Sample, t_interval, welch_difference

A = (0.1, 0.4, 0.35, -0.2, 0.5, 0.05, 0.3)
B = (0.0, 0.1, -0.1, 0.2, 0.05)


def sample(values: tuple[float, ...]) -> Sample:
    return Sample.of_sums(len(values), sum(values), sum(v * v for v in values))


def test_a_sample_from_its_sums_has_the_sample_mean_and_variance() -> None:
    summary = sample(A)
    assert summary.mean == pytest.approx(sum(A) / len(A))
    assert summary.variance == pytest.approx(stats.tstd(A) ** 2)


def test_the_t_interval_of_a_mean_is_scipys() -> None:
    interval = t_interval(sample(A))
    low, high = stats.t.interval(0.95, len(A) - 1, loc=sum(A) / len(A), scale=stats.sem(A))
    assert (interval.low, interval.high) == pytest.approx((low, high))


def test_the_welch_interval_of_a_difference_is_scipys() -> None:
    difference, interval = welch_difference(sample(A), sample(B))
    expected = stats.ttest_ind(A, B, equal_var=False).confidence_interval(0.95)
    assert difference == pytest.approx(sum(A) / len(A) - sum(B) / len(B))
    assert (interval.low, interval.high) == pytest.approx((expected.low, expected.high))


def test_two_groups_without_spread_have_a_point_interval() -> None:
    difference, interval = welch_difference(Sample(5, 0.5, 0.0), Sample(6, 0.25, 0.0))
    assert difference == interval.low == interval.high == 0.25
