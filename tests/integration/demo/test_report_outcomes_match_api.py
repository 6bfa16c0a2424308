"""The report's outcome sections show what the analytics API returns for the same data, each
with its definition in words; the demo world forms pairs by ranked choice and by matching."""

from __future__ import annotations

import re

import duckdb
import pytest

from gateways.demo.run import DemoOutcome, questions_for
from gateways.demo.world.params import WorldParams
from gateways.report.render.outcomes import DEFINITIONS
from gateways.settings import Settings
from projections.analytics import Analytics
from projections.queries.origin_outcomes import OriginOutcomesResult
from tests.integration.demo.browser import dump_dom
from tests.integration.demo.conftest import EMPLOYEES


@pytest.fixture(scope="module")
def html(demo_run: DemoOutcome) -> str:
    return demo_run.report.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def origins(demo_settings: Settings, demo_run: DemoOutcome) -> OriginOutcomesResult:
    """The API's answer to the report's origin question, asked afresh."""
    questions = questions_for(WorldParams(seed=7, employees=EMPLOYEES))
    connection = duckdb.connect(str(demo_settings.duckdb), read_only=True)
    try:
        return Analytics(connection).run(questions.origins)
    finally:
        connection.close()


def test_every_outcome_section_has_its_definition(html: str) -> None:
    assert set(re.findall(r'data-definition="([a-z]+)"', html)) == set(DEFINITIONS)


def test_origin_shares_in_the_report_equal_the_api(
    html: str, origins: OriginOutcomesResult
) -> None:
    compared = 0
    for row in (*origins.rows, origins.self_chosen, origins.placed):
        for measure in ("completion", "retention", "promotion"):
            rate = getattr(row, measure).rate
            match = re.search(
                rf'data-series="origin-{row.origin}-{measure}" data-rate="([^"]+)"', html)
            assert (match is None) is (rate is None), (row.origin, measure)
            if match and rate is not None:
                assert float(match.group(1)) == pytest.approx(rate, abs=1e-6)
                compared += 1
    assert compared >= 6


def test_the_world_forms_self_chosen_and_placed_pairs(origins: OriginOutcomesResult) -> None:
    assert origins.self_chosen.mentorships and origins.placed.mentorships


def test_the_browser_draws_the_origin_chart(demo_run: DemoOutcome) -> None:
    dom = dump_dom(demo_run.report)
    assert 'data-chart="origins"' in dom and 'data-definition="origins"' in dom


def test_the_formal_program_s_placements_are_the_optimiser_s_confirmed_proposals(
    demo_run: DemoOutcome, origins: OriginOutcomesResult
) -> None:
    tally = demo_run.drive.matching
    assert tally is not None and tally.matched > 0
    assert tally.optimal == tally.matched and not tally.differed and not tally.outside
    matched = next(row for row in origins.rows if row.origin == "matching")
    assert matched.mentorships == tally.matched
    assert dict(demo_run.data.facts)["... the optimiser's own proposal"] == f"{tally.optimal:,}"
