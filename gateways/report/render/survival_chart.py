"""Kaplan–Meier curves with 95% bands, one per group."""

from __future__ import annotations

from gateways.report.model import Curve, Survival
from gateways.report.render.svg import MUTED, Scale, element, figure, text, x_axis, y_axis

COLOURS = {"in": "#0f766e", "out": "#b45309"}


def _steps(
    curve: Curve, x: Scale, y: Scale, value: str, last_day: int
) -> list[tuple[float, float]]:
    points = [(x(0), y(1.0))]
    previous = 1.0
    for point in curve.points:
        current = getattr(point, value)
        points += [(x(point.day), y(previous)), (x(point.day), y(current))]
        previous = current
    days = [p.day for p in curve.points]
    points.append((x(max([*days, last_day])), y(previous)))
    return points


def _path(points: list[tuple[float, float]]) -> str:
    return "M" + " L".join(f"{px:.1f},{py:.1f}" for px, py in points)


def survival_chart(survival: Survival) -> str:
    """Step curves with shaded intervals; each curve carries its final estimate as data."""
    last_day = (survival.window[1] - survival.window[0]).days
    lows = [p.low for c in survival.curves for p in c.points]
    floor = max(0.0, min(lows, default=0.8) - 0.02)
    width, height = 760, 340
    x = Scale(0, last_day, 70, 720)
    y = Scale(floor, 1.0, 280, 30)
    parts = [
        x_axis(x, 280, 30, "days since the window start"),
        y_axis(y, 70, 720, "still employed (no resignation)", "{:.0%}"),
    ]
    for i, curve in enumerate(survival.curves):
        colour = COLOURS.get(curve.key, "#374151")
        if not curve.points:
            reason = curve.note or "suppressed"
            parts.append(
                text(
                    80,
                    268 - 16 * i,
                    f"{curve.label}: no curve ({reason})",
                    fill=MUTED,
                    font_size=11,
                )
            )
            continue
        band = _steps(curve, x, y, "high", last_day) + _steps(curve, x, y, "low", last_day)[::-1]
        final = curve.points[-1]
        parts.append(
            element(
                "g",
                {
                    "data_series": f"km-{survival.key}-{curve.key}",
                    "data_points": len(curve.points),
                    "data_final_survival": f"{final.survival:.6f}",
                    "data_final_day": final.day,
                },
                element(
                    "path",
                    {
                        "d": _path(band) + " Z",
                        "fill": colour,
                        "fill_opacity": 0.15,
                        "stroke": "none",
                    },
                ),
                element(
                    "path",
                    {
                        "d": _path(_steps(curve, x, y, "survival", last_day)),
                        "fill": "none",
                        "stroke": colour,
                        "stroke_width": 2.5,
                    },
                ),
            )
        )
        parts.append(
            element("rect", {"x": 480, "y": 40 + 20 * i, "width": 14, "height": 4, "fill": colour})
        )
        parts.append(text(500, 46 + 20 * i, f"{curve.label} (n={curve.people})", font_size=11))
    title = f"Kaplan–Meier ({survival.title}): time to resignation"
    svg = figure("survival", width, height, title, *parts)
    return svg.replace(
        'data-chart="survival"', f'data-chart="survival" data-method="{survival.key}"'
    )
