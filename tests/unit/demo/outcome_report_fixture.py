"""A report model with every outcome section, with known figures, for the report's unit tests."""

from __future__ import annotations

import dataclasses
from datetime import date

from gateways.report import model as m
from projections.queries.equity import EquityRow, Share
from projections.queries.origin_outcomes import MeanScore, OriginDifference, OriginOutcome
from projections.queries.results import GroupRate
from projections.queries.skills import SkillCount
from projections.queries.stories import ProgramStories
from projections.stats.proportions import Interval
from tests.unit.demo.report_fixture import estimate, report

WINDOW = (date(2024, 7, 1), date(2025, 6, 30))
PERIOD = (date(2023, 1, 1), date(2025, 12, 31))
HIDDEN = GroupRate(None, None, None, None, True, "suppressed: fewer than 5 people")


def rate(headcount: int, events: int, share: float) -> GroupRate:
    return GroupRate(headcount, events, share, Interval(share - 0.1, share + 0.1), False)


def score(mean: float) -> MeanScore:
    return MeanScore(40, 44, mean, Interval(mean - 0.2, mean + 0.2), False)


def origin(name: str, label: str, completion: GroupRate) -> OriginOutcome:
    return OriginOutcome(name, label, 50, 48, completion, score(4.1), score(3.6),
                         rate(40, 6, 0.85), rate(40, 8, 0.2))


def outcomes() -> m.Outcomes:
    promotion = m.Contrast("promotion", "Promotion", WINDOW, estimate("promotion-in", "in", 0.18),
                           estimate("promotion-out", "out", 0.11), 0.07, 0.02, 0.12, "method")
    performance = m.Performance(
        WINDOW, m.MeanChange("performance-in", "in", 300, 0.052, 0.03, 0.07),
        m.MeanChange("performance-out", "out", 900, 0.011, 0.0, 0.02), 0.041, 0.02, 0.06,
        "normalised to 0-1",
    )
    shown = Share(120, 0.25, False)
    equity = m.Equity(PERIOD[1], "demographic_group", (
        EquityRow("group a", shown, shown, Share(None, None, True), shown,
                  "suppressed: fewer than 5 people"),))
    skills = m.Skills(PERIOD, (SkillCount("negotiation", 31, 12),), 3, "3 skills withheld")
    stories = m.Stories(PERIOD, 7, (ProgramStories("<Lift>", 7, 3, None),), "counts only")
    origins = m.Origins(PERIOD, 12, (
        origin("first_choice", "mentee's first choice", rate(30, 24, 0.8)),
        origin("assigned", "admin assignment", HIDDEN),
        origin("self_chosen", "self-chosen (ranked)", rate(45, 33, 0.733333)),
        origin("placed", "placed (assigned, matched)", rate(20, 10, 0.5)),
    ), (OriginDifference("completion", 0.233333, Interval(0.01, 0.45)),
        OriginDifference("pairing_fit", None, None)), "origin method", "not randomised")
    return m.Outcomes(promotion, performance, equity, skills, stories, origins)


def full_report() -> m.ReportData:
    return dataclasses.replace(report(), outcomes=outcomes())
