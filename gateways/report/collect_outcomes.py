"""Copy the analytics API's outcome answers (promotion, performance, equity, skills, stories,
outcomes by origin) into the report model; nothing is recomputed here."""

from __future__ import annotations

from gateways.report import collect
from gateways.report import model as m
from gateways.report.collect import Answers, Questions
from projections.queries.performance import GroupChange, PerformanceResult


def outcomes(answers: Answers, questions: Questions) -> m.Outcomes:
    """Every outcome section of the report, as the API answered its question."""
    promotion = collect.overall_contrast(
        "promotion", "Promotion: participants at the start vs everyone else", answers.promotion
    )
    skills, stories, origins = answers.skills, answers.stories, answers.origins
    return m.Outcomes(
        promotion=promotion,
        performance=performance(answers.performance),
        equity=m.Equity(
            questions.equity.day, questions.equity.attribute, tuple(answers.equity.rows)
        ),
        skills=m.Skills(
            (questions.skills.start, questions.skills.end),
            tuple(skills.skills),
            skills.suppressed_skills,
            skills.note,
        ),
        stories=m.Stories(
            (questions.stories.start, questions.stories.end),
            stories.stories,
            tuple(stories.programs),
            stories.note,
        ),
        origins=m.Origins(
            (questions.origins.start, questions.origins.end),
            questions.origins.follow_up_months,
            (*origins.rows, origins.self_chosen, origins.placed),
            tuple(origins.differences),
            origins.method,
            origins.warning,
        ),
    )


def _change(key: str, label: str, group: GroupChange) -> m.MeanChange:
    low, high = collect.bounds(group.interval)
    return m.MeanChange(key, label, group.people, group.mean_change, low, high)


def performance(result: PerformanceResult) -> m.Performance:
    """The overall in-against-out performance row, as the API gave it."""
    row = next((r for r in result.rows if r.group is None), None)
    query = result.query
    if row is None:
        inside = m.MeanChange("performance-in", "in", None, None, None, None)
        outside = m.MeanChange("performance-out", "out", None, None, None, None)
        return m.Performance(
            (query.start, query.end), inside, outside, None, None, None, result.method
        )
    return m.Performance(
        (query.start, query.end),
        _change("performance-in", "in", row.participants),
        _change("performance-out", "out", row.others),
        row.difference,
        *collect.bounds(row.difference_interval),
        result.method,
    )
