"""The demo's estimates of the world's known effects: three hazard ratios and a performance sign."""

from __future__ import annotations

import re

from gateways.demo.estimates import SELECTION_NOTE, EffectEstimates
from gateways.demo.run import DemoOutcome


def _estimates(demo_run: DemoOutcome) -> EffectEstimates:
    assert demo_run.estimates is not None
    return demo_run.estimates


def test_the_performance_comparison_recovers_the_sign_of_the_known_effect(
    demo_run: DemoOutcome,
) -> None:
    estimates = _estimates(demo_run)
    assert estimates.performance_effect > 0
    assert (estimates.performance_difference or 0) > 0


def test_the_report_shows_a_performance_difference_of_the_known_sign(
    demo_run: DemoOutcome,
) -> None:
    html = demo_run.report.read_text(encoding="utf-8")
    shown = re.findall(r'data-row="performance-difference" data-difference="([^"]+)"', html)
    assert len(shown) == 1
    assert float(shown[0]) > 0 and _estimates(demo_run).performance_effect > 0


def test_the_demo_estimates_the_hazard_ratio_three_ways_with_intervals(
    demo_run: DemoOutcome,
) -> None:
    estimates = _estimates(demo_run)
    assert [e.key for e in estimates.estimates] == ["naive", "landmark", "adjusted"]
    for e in estimates.estimates:
        assert e.ratio is not None and e.interval is not None
        assert e.interval.low < e.ratio < e.interval.high


def test_the_naive_hazard_ratio_is_the_most_biased(demo_run: DemoOutcome) -> None:
    naive, landmark, adjusted = _estimates(demo_run).estimates
    assert naive.ratio is not None and landmark.ratio is not None and adjusted.ratio is not None
    assert naive.ratio < min(landmark.ratio, adjusted.ratio)


def test_the_demo_names_the_estimate_closest_to_the_known_factor(demo_run: DemoOutcome) -> None:
    estimates = _estimates(demo_run)
    closest = estimates.closest()
    assert closest is not None
    distances = [e.distance(estimates.known) for e in estimates.estimates]
    assert closest.distance(estimates.known) == min(distances)
    lines = estimates.lines()
    assert lines[0].endswith("hazard ratio 0.6")
    assert f"Closest to 0.6: {closest.label}." in lines
    assert SELECTION_NOTE in lines
