"""Assemble the report model from the analytics API's answers."""

from __future__ import annotations

from datetime import date

from gateways.report import collect, collect_outcomes
from gateways.report.collect import Answers, Questions
from gateways.report.model import ReportData, WorldStory


def report_data(
    answers: Answers,
    questions: Questions,
    facts: tuple[tuple[str, str], ...],
    world: WorldStory | None,
    generated_on: date,
) -> ReportData:
    """The report's model: the API's figures, with the windows they answer."""
    landmark = collect.overall_contrast(
        "landmark", "Landmark: participants at the start vs everyone else", answers.landmark
    )
    naive = collect.contrast(
        "naive",
        "Naive: ever joined vs never joined",
        (questions.naive.start, questions.naive.end),
        answers.naive.comparison,
        answers.naive.method,
    )
    return ReportData(
        title="Mentoring programs: what the event log says",
        generated_on=generated_on,
        facts=facts,
        world=world,
        landmark=landmark,
        naive=naive,
        warning=answers.landmark.warning,
        survivals=(
            collect.survival(answers.survival_landmark),
            collect.survival(answers.survival),
        ),
        funnel=collect.funnel(answers.funnel, questions.funnel),
        momentum_day=questions.momentum.today,
        momentum=collect.momentum(answers.momentum),
        outcomes=collect_outcomes.outcomes(answers, questions),
    )
