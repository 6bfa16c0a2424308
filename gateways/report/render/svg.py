"""A few SVG primitives: escaped elements, linear scales and axes (no JavaScript, no network)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any

INK = "#1f2937"
MUTED = "#6b7280"
GRID = "#e5e7eb"
FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif"


def element(name: str, attributes: dict[str, object], *children: str) -> str:
    """One SVG/HTML element; attribute values are escaped, children are trusted markup."""
    attrs = "".join(
        f' {key.replace("_", "-")}="{escape(str(value), quote=True)}"'
        for key, value in attributes.items()
        if value is not None
    )
    if not children:
        return f"<{name}{attrs}/>"
    return f"<{name}{attrs}>{''.join(children)}</{name}>"


def text(x: float, y: float, content: str, **attributes: object) -> str:
    """A text label (content escaped)."""
    defaults: dict[str, object] = {"fill": INK, "font_size": 12}
    return element(
        "text", {"x": f"{x:.1f}", "y": f"{y:.1f}", **defaults, **attributes}, escape(content)
    )


@dataclass(frozen=True)
class Scale:
    """Maps a domain [low, high] linearly onto a pixel range [start, stop]."""

    low: float
    high: float
    start: float
    stop: float

    def __call__(self, value: float) -> float:
        """The pixel position of ``value``."""
        span = self.high - self.low or 1.0
        return self.start + (value - self.low) / span * (self.stop - self.start)

    def ticks(self, count: int = 5) -> list[float]:
        """About ``count`` round tick values inside the domain."""
        raw = (self.high - self.low) / max(count, 1)
        step = min(
            (s * 10.0**e for e in range(-3, 6) for s in (1, 2, 2.5, 5) if s * 10.0**e >= raw),
            default=raw,
        )
        first = step * -(-self.low // step)
        values, value = [], first
        while value <= self.high + step * 1e-9:
            values.append(round(value, 10) + 0.0)
            value += step
        return values


def _grid(
    scale: Scale,
    fmt: str,
    line: Callable[[str], dict[str, Any]],
    label: Callable[[float, str], str],
) -> list[str]:
    """A grid line (``line`` of the tick's coordinate) and a ``label`` at each tick."""
    parts = []
    for tick in scale.ticks():
        at = scale(tick)
        parts.append(element("line", {**line(f"{at:.1f}"), "stroke": GRID}))
        parts.append(label(at, fmt.format(tick) if tick else "0"))
    return parts


def x_axis(scale: Scale, y: float, top: float, label: str, fmt: str = "{:g}") -> str:
    """Vertical grid lines with tick labels below ``y`` and an axis title."""
    parts = _grid(
        scale, fmt, lambda x: {"x1": x, "x2": x, "y1": top, "y2": y},
        lambda x, shown: text(x, y + 16, shown, text_anchor="middle", fill=MUTED),
    )
    middle = (scale.start + scale.stop) / 2
    parts.append(text(middle, y + 34, label, text_anchor="middle", fill=MUTED))
    return "".join(parts)


def y_axis(scale: Scale, x: float, right: float, label: str, fmt: str = "{:g}") -> str:
    """Horizontal grid lines with tick labels left of ``x`` and a rotated axis title."""
    parts = _grid(
        scale, fmt, lambda y: {"x1": x, "x2": right, "y1": y, "y2": y},
        lambda y, shown: text(x - 6, y + 4, shown, text_anchor="end", fill=MUTED),
    )
    middle = (scale.start + scale.stop) / 2
    parts.append(
        text(
            14,
            middle,
            label,
            text_anchor="middle",
            fill=MUTED,
            transform=f"rotate(-90 14 {middle:.1f})",
        )
    )
    return "".join(parts)


def figure(chart: str, width: int, height: int, title: str, *children: str) -> str:
    """The outer <svg> of a chart, named by ``data-chart`` and titled for screen readers."""
    return element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {width} {height}",
            "width": width,
            "height": height,
            "role": "img",
            "data_chart": chart,
            "style": FONT,
            "aria_label": title,
        },
        element("title", {}, escape(title)),
        element("rect", {"width": width, "height": height, "fill": "#ffffff"}),
        *children,
    )
