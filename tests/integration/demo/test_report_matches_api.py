"""The figures in the HTML report equal those the analytics API returns for the same data."""

from __future__ import annotations

import re

import duckdb
import pytest

from gateways.demo.run import DemoOutcome, questions_for
from gateways.demo.world.params import WorldParams
from gateways.settings import Settings
from projections.analytics import Analytics
from tests.integration.demo.conftest import EMPLOYEES


@pytest.fixture(scope="module")
def html(demo_run: DemoOutcome) -> str:
    return demo_run.report.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def api(demo_settings: Settings, demo_run: DemoOutcome) -> dict[str, object]:
    """The analytics API's answers to the report's questions, asked afresh."""
    questions = questions_for(WorldParams(seed=7, employees=EMPLOYEES))
    connection = duckdb.connect(str(demo_settings.duckdb), read_only=True)
    analytics = Analytics(connection)
    try:
        return {
            "landmark": analytics.run(questions.landmark).rows[0],
            "naive": analytics.run(questions.naive).comparison,
            "km": analytics.run(questions.survival_landmark),
            "funnel": analytics.run(questions.funnel).rows[0],
            "momentum": analytics.run(questions.momentum).rows,
        }
    finally:
        connection.close()


def attribute(html: str, series: str, name: str) -> float:
    match = re.search(rf'data-series="{re.escape(series)}"[^>]*?data-{name}="([^"]+)"', html)
    assert match, (series, name)
    return float(match.group(1))


@pytest.mark.parametrize("method", ["landmark", "naive"])
def test_retention_rates_equal_the_api(html: str, api: dict, method: str) -> None:
    row = api[method]
    assert attribute(html, f"{method}-in", "rate") == pytest.approx(row.participants.rate, abs=1e-6)
    assert attribute(html, f"{method}-out", "rate") == pytest.approx(row.others.rate, abs=1e-6)


@pytest.mark.parametrize("method", ["landmark", "naive"])
def test_wilson_intervals_equal_the_api(html: str, api: dict, method: str) -> None:
    interval = api[method].participants.interval
    assert attribute(html, f"{method}-in", "low") == pytest.approx(interval.low, abs=1e-6)
    assert attribute(html, f"{method}-in", "high") == pytest.approx(interval.high, abs=1e-6)


@pytest.mark.parametrize("method", ["landmark", "naive"])
def test_differences_equal_the_api(html: str, api: dict, method: str) -> None:
    difference = attribute(html, f"{method}-difference", "difference")
    assert difference == pytest.approx(api[method].difference, abs=1e-6)


def test_kaplan_meier_curves_equal_the_api(html: str, api: dict) -> None:
    for curve in api["km"].curves:
        final = attribute(html, f"km-landmark-{curve.group}", "final-survival")
        assert final == pytest.approx(curve.points[-1].survival, abs=1e-6)


def test_funnel_counts_equal_the_api(html: str, api: dict) -> None:
    row = api["funnel"]
    assert attribute(html, "funnel-requests-made", "value") == row.made
    assert attribute(html, "funnel-accepted", "value") == row.accepted
    assert attribute(html, "funnel-first-session", "value") == row.first_session


def test_momentum_counts_equal_the_api(html: str, api: dict) -> None:
    for row in api["momentum"]:
        if row.mentees_waiting is not None:
            series = f"momentum-{row.program}-mentees_waiting"
            assert attribute(html, series, "value") == row.mentees_waiting
