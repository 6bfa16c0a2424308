"""A report model with known figures, for the report's unit tests."""

from __future__ import annotations

from datetime import date

from gateways.report import model as m


def estimate(key: str, label: str, rate: float | None) -> m.Estimate:
    if rate is None:
        return m.Estimate(key, label, None, None, None, None, None)
    return m.Estimate(key, label, 500, round(500 * (1 - rate)), rate, rate - 0.02, rate + 0.02)


def report(landmark_in: float | None = 0.95) -> m.ReportData:
    window = (date(2024, 7, 1), date(2025, 6, 30))
    landmark = m.Contrast(
        "landmark",
        "Landmark",
        window,
        estimate("landmark-in", "in", landmark_in),
        estimate("landmark-out", "out", 0.87),
        0.08,
        0.05,
        0.11,
        "landmark method",
    )
    naive = m.Contrast(
        "naive",
        "Naive",
        window,
        estimate("naive-in", "ever", 0.9),
        estimate("naive-out", "never", 0.61),
        0.29,
        0.26,
        0.31,
        "naive method",
    )
    points = tuple(
        m.CurvePoint(d, 1 - d / 2000, 1 - d / 1500, 1 - d / 2500, 100) for d in (30, 200)
    )
    curves = (m.Curve("in", "in", 600, 40, points), m.Curve("out", "out", 1400, 250, ()))
    survival = m.Survival("landmark", "Landmark", window, curves, 38.3, 6e-10, "km method")
    funnel = m.Funnel(
        window,
        (
            ("requests made", 1770),
            ("accepted", 1341),
            ("first session", 1335),
            ("memo filed", None),
        ),
        0.3,
        0.12,
        6.0,
        17.0,
    )
    momentum = (m.MomentumLine("Lift", (("dormant", 6), ("mentees_waiting", None))),)
    world = m.WorldStory(7, 2000, 3193, "the stated effect", 0.6, 1.0, 0.61)
    return m.ReportData(
        "Report",
        date(2026, 1, 2),
        (("employees", "2,000"),),
        world,
        landmark,
        naive,
        "immortal-time warning",
        (survival,),
        funnel,
        date(2025, 12, 31),
        momentum,
    )
