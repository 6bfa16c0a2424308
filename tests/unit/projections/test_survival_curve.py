"""Kaplan–Meier curves of a group whose members enter late (participation as time-varying)."""

from __future__ import annotations

import numpy as np

from projections.queries.survival import _curve
from projections.stats.survival import Segments


def _late_entry_group() -> Segments:
    # One member from day 0; nine more join on days 10..18; exits on days 30, 40, 50.
    entry = np.array([0, 10, 11, 12, 13, 14, 15, 16, 17, 18], dtype=float)
    exit_ = np.array([30, 40, 50, 100, 100, 100, 100, 100, 100, 100], dtype=float)
    event = np.array([1, 1, 1, 0, 0, 0, 0, 0, 0, 0], dtype=bool)
    return Segments(entry, exit_, event, np.array(["in"] * 10))


def test_curve_starts_once_five_are_at_risk_instead_of_ending_before_it_begins() -> None:
    curve = _curve(_late_entry_group(), "in", people=10)

    # At day 30 all ten are at risk (the last joined on day 18): S = 9/10.
    assert [p.day for p in curve.points] == [30, 40, 50]
    assert curve.points[0].at_risk == 10
    assert abs(curve.points[0].survival - 0.9) < 1e-9


def test_points_while_fewer_than_five_are_at_risk_are_hidden() -> None:
    entry = np.array([0, 0, 20, 21, 22, 23, 24], dtype=float)
    exit_ = np.array([5, 60, 60, 60, 60, 60, 60], dtype=float)
    event = np.array([1, 0, 0, 0, 0, 0, 0], dtype=bool)
    segments = Segments(entry, exit_, event, np.array(["in"] * 7))

    curve = _curve(segments, "in", people=7)

    # The exit on day 5 happened with 2 at risk: it is not shown.
    assert curve.points == []
