"""Horizontal bars: the request funnel and each program's momentum."""

from __future__ import annotations

from gateways.report.model import Funnel, MomentumLine
from gateways.report.render.svg import MUTED, Scale, element, figure, text, x_axis

FUNNEL = ("#0f766e", "#14b8a6", "#5eead4", "#99f6e4")
MOMENTUM = {
    "dormant": "#b45309",
    "near_deadline": "#f59e0b",
    "past_deadline": "#dc2626",
    "mentors_at_capacity": "#0f766e",
    "mentees_waiting": "#6366f1",
}


def _bar(
    scale: Scale,
    y: float,
    height: float,
    value: int | None,
    colour: str,
    attributes: dict[str, object],
) -> str:
    if value is None:
        return text(scale.start + 4, y + height * 0.7, "suppressed (<5)", fill=MUTED, font_size=11)
    width = max(1.0, scale(value) - scale.start)
    return element(
        "g",
        {**attributes, "data_value": value},
        element(
            "rect",
            {
                "x": scale.start,
                "y": f"{y:.1f}",
                "width": f"{width:.1f}",
                "height": height,
                "fill": colour,
                "rx": 2,
            },
        ),
        text(scale.start + width + 6, y + height * 0.7, f"{value:,}", fill=MUTED, font_size=11),
    )


def funnel_chart(funnel: Funnel) -> str:
    """One bar per stage, from requests made down to memos filed."""
    top = max([v for _, v in funnel.stages if v is not None], default=1)
    scale = Scale(0, top * 1.1, 150, 700)
    parts = [x_axis(scale, 40 + 38 * len(funnel.stages), 30, "requests", "{:,.0f}")]
    for i, (label, value) in enumerate(funnel.stages):
        y = 40 + 38 * i
        parts.append(text(142, y + 19, label, text_anchor="end"))
        parts.append(
            _bar(
                scale,
                y,
                26,
                value,
                FUNNEL[i % len(FUNNEL)],
                {"data_series": f"funnel-{label.replace(' ', '-')}"},
            )
        )
    height = 40 + 38 * len(funnel.stages) + 45
    return figure("funnel", 760, height, "Request funnel", *parts)


def momentum_chart(lines: tuple[MomentumLine, ...]) -> str:
    """For each program, one thin bar per momentum count."""
    values = [v for line in lines for _, v in line.counts if v is not None]
    scale = Scale(0, max([*values, 5]) * 1.15, 190, 700)
    block = 16 + 11 * len(MOMENTUM)
    parts = []
    for i, line in enumerate(lines):
        y0 = 60 + block * i
        parts.append(text(182, y0 + 30, line.program, text_anchor="end", font_weight=600))
        for j, (name, value) in enumerate(line.counts):
            parts.append(
                _bar(
                    scale,
                    y0 + 11 * j,
                    9,
                    value,
                    MOMENTUM.get(name, "#6b7280"),
                    {"data_series": f"momentum-{line.program}-{name}"},
                )
            )
    bottom = 60 + block * len(lines)
    parts.append(x_axis(scale, bottom, 50, "count on the report day", "{:,.0f}"))
    for k, (name, colour) in enumerate(MOMENTUM.items()):
        x = 20 + 148 * k
        parts.append(element("rect", {"x": x, "y": 14, "width": 12, "height": 12, "fill": colour}))
        parts.append(text(x + 16, 24, name.replace("_", " "), font_size=11))
    return figure("momentum", 760, bottom + 45, "Momentum by program", *parts)
