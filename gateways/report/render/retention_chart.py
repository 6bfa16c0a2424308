"""Retention in vs out with 95% intervals, and the difference by each method."""

from __future__ import annotations

import math

from gateways.report.model import Contrast, Estimate
from gateways.report.render.svg import MUTED, Scale, element, figure, text, x_axis

COLOURS = {"in": "#0f766e", "out": "#b45309", "ever": "#5eead4", "never": "#fcd34d"}
ROW = 34


def _interval_row(
    scale: Scale,
    y: float,
    label: str,
    data: dict[str, object],
    interval: tuple[float, float],
    colour: str,
    marker: tuple[str, dict[str, object]],
    value: str,
) -> str:
    """A labelled row: the interval as a line, a marker (element name, position) at the estimate
    and the estimate's value right of the interval; ``data`` names the figures for tests."""
    low, high = interval
    shape, position = marker
    return element(
        "g",
        data,
        text(8, y + 4, label),
        element(
            "line",
            {
                "x1": f"{scale(low):.1f}",
                "x2": f"{scale(high):.1f}",
                "y1": y,
                "y2": y,
                "stroke": colour,
                "stroke_width": 3,
            },
        ),
        element(shape, {**position, "fill": colour, "stroke": "#111827"}),
        text(scale(high) + 8, y + 4, value, fill=MUTED, font_size=11),
    )


def _row(scale: Scale, estimate: Estimate, y: float, method: str) -> str:
    label = f"{method}: {estimate.label}"
    if estimate.rate is None or estimate.low is None or estimate.high is None:
        return text(8, y + 4, f"{label} (suppressed: fewer than 5 people)", fill=MUTED)
    data: dict[str, object] = {
        "data_series": estimate.key,
        "data_rate": f"{estimate.rate:.6f}",
        "data_low": f"{estimate.low:.6f}",
        "data_high": f"{estimate.high:.6f}",
        "data_headcount": estimate.headcount,
    }
    circle = ("circle", {"cx": f"{scale(estimate.rate):.1f}", "cy": y, "r": 6})
    return _interval_row(
        scale, y, label, data, (estimate.low, estimate.high),
        COLOURS.get(estimate.label, "#374151"), circle,
        f"{estimate.rate:.1%} (n={estimate.headcount})",
    )


def retention_chart(landmark: Contrast, naive: Contrast) -> str:
    """Dot-and-whisker retention for landmark in/out and naive ever/never."""
    estimates = [landmark.inside, landmark.outside, naive.inside, naive.outside]
    lows = [e.low for e in estimates if e.low is not None]
    low = max(0.0, math.floor((min(lows, default=0.5) - 0.03) * 10) / 10)
    width, height = 760, 60 + ROW * 4 + 50
    scale = Scale(low, 1.0, 190, 660)
    rows = [
        _row(scale, e, 50 + ROW * i + (14 if i >= 2 else 0), method)
        for i, (e, method) in enumerate(
            zip(estimates, ["landmark"] * 2 + ["naive"] * 2, strict=True)
        )
    ]
    bottom = 50 + ROW * 4 + 10
    return figure(
        "retention",
        width,
        height,
        "Retention (voluntary exits) in vs out, 95% Wilson intervals",
        x_axis(scale, bottom, 30, "retained (did not resign in the window)", "{:.0%}"),
        *rows,
    )


def difference_chart(landmark: Contrast, naive: Contrast, effect_alone: float | None) -> str:
    """The difference in − out by each method, with the effect alone as a dashed reference."""
    values = [
        v for c in (landmark, naive) for v in (c.difference_low, c.difference_high) if v is not None
    ]
    high = max([*values, effect_alone or 0.0, 0.05]) + 0.03
    scale = Scale(min(0.0, *values) - 0.02, high, 190, 660)
    width, height = 760, 170
    parts = [
        x_axis(scale, 120, 30, "difference in retention, in − out (percentage points)", "{:+.0%}")
    ]
    parts.append(
        element(
            "line",
            {
                "x1": f"{scale(0):.1f}",
                "x2": f"{scale(0):.1f}",
                "y1": 30,
                "y2": 120,
                "stroke": "#111827",
            },
        )
    )
    if effect_alone is not None:
        x = f"{scale(effect_alone):.1f}"
        parts.append(
            element(
                "line",
                {
                    "x1": x,
                    "x2": x,
                    "y1": 30,
                    "y2": 120,
                    "stroke": "#7c3aed",
                    "stroke_dasharray": "5 4",
                    "data_effect_alone": f"{effect_alone:.6f}",
                },
            )
        )
        parts.append(
            text(scale(effect_alone) + 4, 26, "stated effect alone", fill="#7c3aed", font_size=11)
        )
    for i, c in enumerate((landmark, naive)):
        y = 55 + 40 * i
        if c.difference is None or c.difference_low is None or c.difference_high is None:
            parts.append(text(8, y + 4, f"{c.key}: suppressed", fill=MUTED))
            continue
        data: dict[str, object] = {
            "data_series": f"{c.key}-difference",
            "data_difference": f"{c.difference:.6f}",
            "data_low": f"{c.difference_low:.6f}",
            "data_high": f"{c.difference_high:.6f}",
        }
        square = ("rect", {"x": f"{scale(c.difference) - 6:.1f}", "y": y - 6, "width": 12,
                           "height": 12})
        parts.append(
            _interval_row(
                scale, y, c.key, data, (c.difference_low, c.difference_high),
                "#0f766e" if c.key == "landmark" else "#f59e0b", square,
                f"{c.difference * 100:+.1f} pp",
            )
        )
    return figure("difference", width, height, "Difference in retention, in − out", *parts)
