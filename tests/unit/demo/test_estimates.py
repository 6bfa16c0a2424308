"""The demo's comparison of its estimates with the known effect, in words."""

from __future__ import annotations

from datetime import date

from gateways.demo.estimates import SELECTION_NOTE, EffectEstimates, HazardEstimate
from projections.stats.proportions import Interval

START, END = date(2023, 1, 1), date(2025, 12, 31)


def _estimate(key: str, ratio: float | None) -> HazardEstimate:
    interval = Interval(ratio * 0.8, ratio * 1.2) if ratio else None
    return HazardEstimate(key, f"{key} method", START, END, ratio, interval)


def _estimates(*ratios: float | None) -> EffectEstimates:
    keys = ("naive", "landmark", "adjusted")
    found = tuple(_estimate(k, r) for k, r in zip(keys, ratios, strict=True))
    return EffectEstimates(0.6, found, 0.05, Interval(0.01, 0.09), 0.6)


def test_the_closest_estimate_is_judged_on_the_log_scale() -> None:
    estimates = _estimates(0.2, 0.4, 0.85)
    closest = estimates.closest()
    assert closest is not None and closest.key == "adjusted"


def test_a_method_without_an_estimate_is_never_the_closest() -> None:
    closest = _estimates(None, 0.3, None).closest()
    assert closest is not None and closest.key == "landmark"
    assert _estimates(None, None, None).closest() is None


def test_the_lines_give_each_ratio_with_its_interval_and_name_the_closest() -> None:
    lines = _estimates(0.2, 0.5, None).lines()
    assert lines[0] == "Known effect on voluntary exits: hazard ratio 0.6"
    assert "0.50 (95% 0.40 to 0.60)" in lines[2]
    assert "no estimate" in lines[3]
    assert "Closest to 0.6: landmark method." in lines
    assert SELECTION_NOTE in lines
    assert lines[-1].endswith("+0.050 (95% +0.010 to +0.090) on a 0-1 scale")
