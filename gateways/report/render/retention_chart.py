"""Retention in vs out with 95% intervals, and the difference by each method."""

from __future__ import annotations

import math

from gateways.report.model import Contrast, Estimate
from gateways.report.render.svg import MUTED, Scale, element, figure, text, x_axis

COLOURS = {"in": "#0f766e", "out": "#b45309", "ever": "#5eead4", "never": "#fcd34d"}
ROW = 34


def _row(scale: Scale, estimate: Estimate, y: float, method: str) -> str:
    label = f"{method}: {estimate.label}"
    if estimate.rate is None or estimate.low is None or estimate.high is None:
        return text(8, y + 4, f"{label} (suppressed: fewer than 5 people)", fill=MUTED)
    colour = COLOURS.get(estimate.label, "#374151")
    return element(
        "g",
        {
            "data_series": estimate.key,
            "data_rate": f"{estimate.rate:.6f}",
            "data_low": f"{estimate.low:.6f}",
            "data_high": f"{estimate.high:.6f}",
            "data_headcount": estimate.headcount,
        },
        text(8, y + 4, label),
        element(
            "line",
            {
                "x1": f"{scale(estimate.low):.1f}",
                "x2": f"{scale(estimate.high):.1f}",
                "y1": y,
                "y2": y,
                "stroke": colour,
                "stroke_width": 3,
            },
        ),
        element(
            "circle",
            {
                "cx": f"{scale(estimate.rate):.1f}",
                "cy": y,
                "r": 6,
                "fill": colour,
                "stroke": "#111827",
            },
        ),
        text(
            scale(estimate.high) + 8,
            y + 4,
            f"{estimate.rate:.1%} (n={estimate.headcount})",
            fill=MUTED,
            font_size=11,
        ),
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
        colour = "#0f766e" if c.key == "landmark" else "#f59e0b"
        parts.append(
            element(
                "g",
                {
                    "data_series": f"{c.key}-difference",
                    "data_difference": f"{c.difference:.6f}",
                    "data_low": f"{c.difference_low:.6f}",
                    "data_high": f"{c.difference_high:.6f}",
                },
                text(8, y + 4, c.key),
                element(
                    "line",
                    {
                        "x1": f"{scale(c.difference_low):.1f}",
                        "x2": f"{scale(c.difference_high):.1f}",
                        "y1": y,
                        "y2": y,
                        "stroke": colour,
                        "stroke_width": 3,
                    },
                ),
                element(
                    "rect",
                    {
                        "x": f"{scale(c.difference) - 6:.1f}",
                        "y": y - 6,
                        "width": 12,
                        "height": 12,
                        "fill": colour,
                        "stroke": "#111827",
                    },
                ),
                text(
                    scale(c.difference_high) + 8,
                    y + 4,
                    f"{c.difference * 100:+.1f} pp",
                    fill=MUTED,
                    font_size=11,
                ),
            )
        )
    return figure("difference", width, height, "Difference in retention, in − out", *parts)
