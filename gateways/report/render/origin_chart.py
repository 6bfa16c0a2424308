"""Outcomes by how the pair was formed: one dot-and-whisker panel per share, one row per origin."""

from __future__ import annotations

from gateways.report.model import Origins
from gateways.report.render.svg import GRID, MUTED, Scale, element, figure, text
from projections.queries.origin_outcomes import OriginOutcome
from projections.queries.results import GroupRate

PANELS = (("completion", "completed (of ended)"), ("retention", "mentee retained"),
          ("promotion", "mentee promoted"))
COLOURS = {"self_chosen": "#0f766e", "placed": "#7c3aed"}
LEFT, PANEL, GAP, TOP, ROW = 200, 160, 36, 46, 28


def _dot(scale: Scale, y: float, series: str, rate: GroupRate, colour: str) -> str:
    if rate.rate is None or rate.interval is None:
        shown = "suppressed (<5)" if rate.suppressed else "none"
        return text(scale.start + 4, y + 4, shown, fill=MUTED, font_size=11)
    low, high = rate.interval.low, rate.interval.high
    return element(
        "g",
        {"data_series": series, "data_rate": f"{rate.rate:.6f}", "data_low": f"{low:.6f}",
         "data_high": f"{high:.6f}"},
        element("line", {"x1": f"{scale(low):.1f}", "x2": f"{scale(high):.1f}", "y1": y,
                         "y2": y, "stroke": colour, "stroke_width": 2}),
        element("circle", {"cx": f"{scale(rate.rate):.1f}", "cy": y, "r": 4, "fill": colour}),
    )


def _row(index: int, row: OriginOutcome) -> list[str]:
    y = TOP + ROW * index + ROW / 2
    colour = COLOURS.get(row.origin, "#374151")
    weight = 600 if row.origin in COLOURS else 400
    parts = [text(LEFT - 8, y + 4, row.label, text_anchor="end", font_weight=weight)]
    for number, (measure, _) in enumerate(PANELS):
        start = LEFT + number * (PANEL + GAP)
        scale = Scale(0, 1, start, start + PANEL)
        rate: GroupRate = getattr(row, measure)
        parts.append(_dot(scale, y, f"origin-{row.origin}-{measure}", rate, colour))
    return parts


def origin_chart(origins: Origins) -> str:
    """Completion, retention and promotion shares with 95% intervals, per origin."""
    bottom = TOP + ROW * len(origins.rows)
    parts = []
    for number, (_, title) in enumerate(PANELS):
        start = LEFT + number * (PANEL + GAP)
        parts.append(text(start + PANEL / 2, 24, title, text_anchor="middle", font_weight=600))
        for tick in (0.0, 0.5, 1.0):
            x = start + tick * PANEL
            parts.append(element("line", {"x1": f"{x:.1f}", "x2": f"{x:.1f}", "y1": TOP - 6,
                                          "y2": bottom, "stroke": GRID}))
            parts.append(text(x, bottom + 16, f"{tick:.0%}", text_anchor="middle", fill=MUTED))
    for index, row in enumerate(origins.rows):
        parts.extend(_row(index, row))
    width = LEFT + len(PANELS) * (PANEL + GAP) + 10
    return figure("origins", width, bottom + 30, "Outcomes by how the pair was formed", *parts)
