"""The log-rank test over risk sets, by hand and against lifelines."""

from __future__ import annotations

import numpy as np
import pytest
from lifelines.statistics import logrank_test

from projections.stats.survival import Segments, log_rank


def segments(rows: list[tuple[float, float, bool, str]]) -> Segments:
    entry, exit, event, group = zip(*rows, strict=True)
    return Segments(np.array(entry), np.array(exit), np.array(event), np.array(group, dtype=object))


def test_log_rank_statistic_matches_a_hand_computation() -> None:
    # a: exit at 1, censored at 3; b: exits at 2 and 4.
    # t=1: n=4, n_a=2, d=1 -> E_a=1/2, V=1/4. t=2: n=3, n_a=1, d=1 -> E_a=1/3, V=2/9.
    # t=4: n=1, n_a=0 -> nothing. O_a=1, E_a=5/6, V=17/36 -> chi2 = (1/6)^2 / (17/36) = 1/17.
    data = segments([(0, 1, True, "a"), (0, 3, False, "a"), (0, 2, True, "b"), (0, 4, True, "b")])

    result = log_rank(data, "a", "b")

    assert result.statistic == pytest.approx(1 / 17)
    assert result.expected["a"] == pytest.approx(5 / 6)


def test_without_delayed_entry_it_equals_the_lifelines_log_rank_test() -> None:
    rng = np.random.default_rng(3)
    a, b = rng.integers(1, 50, 40), rng.integers(1, 60, 35)
    ea, eb = rng.random(40) < 0.7, rng.random(35) < 0.6
    rows = [(0, float(t), bool(e), "a") for t, e in zip(a, ea, strict=True)]
    rows += [(0, float(t), bool(e), "b") for t, e in zip(b, eb, strict=True)]

    result = log_rank(segments(rows), "a", "b")

    expected = logrank_test(a, b, event_observed_A=ea, event_observed_B=eb)
    assert result.statistic == pytest.approx(expected.test_statistic)
    assert result.p_value == pytest.approx(expected.p_value)


def test_a_segment_is_not_at_risk_before_its_entry() -> None:
    # b enters at 2, after a's exit at 1: at t=1 only a is at risk, so E_a = O_a = 1.
    data = segments([(0, 1, True, "a"), (2, 5, True, "b"), (0, 6, False, "a")])

    result = log_rank(data, "a", "b")

    assert result.expected["a"] == pytest.approx(1 + 1 / 2)
