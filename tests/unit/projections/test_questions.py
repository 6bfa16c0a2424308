"""Every analytics question has one shape: `<Question>Query` (frozen) runs to `<Question>Result`."""

from __future__ import annotations

import dataclasses
from datetime import date

import duckdb
import pytest

from projections.analytics import QUESTIONS, Analytics
from projections.queries.base import AnalyticsQuery


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.__name__)
def test_a_question_is_a_frozen_dataclass_named_query(
    question: type[AnalyticsQuery[object]],
) -> None:
    assert question.__name__.endswith("Query")
    assert dataclasses.is_dataclass(question)
    assert question.__dataclass_params__.frozen


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.__name__)
def test_a_question_runs_to_its_result(question: type[AnalyticsQuery[object]]) -> None:
    name = question.__name__.removesuffix("Query")
    assert question.run.__annotations__["return"] == f"{name}Result"


def test_analytics_answers_only_registered_questions() -> None:
    class Unregistered(AnalyticsQuery[int]):
        def run(self, connection: duckdb.DuckDBPyConnection) -> int:
            return 1

    with pytest.raises(TypeError, match="QUESTIONS"):
        Analytics(duckdb.connect()).run(Unregistered())


def test_survival_refuses_an_unknown_role_like_the_cohort_questions() -> None:
    from projections.queries.options import InvalidQuery
    from projections.queries.survival import SurvivalQuery

    with pytest.raises(InvalidQuery, match="role"):
        SurvivalQuery(date(2024, 1, 1), date(2024, 12, 31), role="boss")  # type: ignore[arg-type]
