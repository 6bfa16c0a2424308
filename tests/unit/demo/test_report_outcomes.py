"""The report's outcome sections: each present with its definition in words and its figures."""

from __future__ import annotations

import re

import pytest
from rich.console import Console

from gateways.report.render.outcomes import DEFINITIONS
from gateways.report.render.page import render
from gateways.report.render.terminal import print_summary
from tests.unit.demo.outcome_report_fixture import full_report
from tests.unit.demo.report_fixture import report


@pytest.fixture(scope="module")
def html() -> str:
    return render(full_report())


def test_every_outcome_section_is_shown_with_its_definition(html: str) -> None:
    shown = set(re.findall(r'data-definition="([a-z]+)"', html))
    assert shown == set(DEFINITIONS) == {
        "promotion", "performance", "equity", "skills", "stories", "origins"}
    for title in ("Promotion: in the program vs out of it", "Performance: change in rating",
                  "Equity of selection", "Skills learned, from memos", "Success stories",
                  "Outcomes by how the pair was formed: self-chosen vs placed"):
        assert f"<h2>{title}" in html


def test_definitions_name_their_windows(html: str) -> None:
    assert "of everyone employed on 2024-07-01, the share promoted" in html
    assert "every mentorship started 2023-01-01 to 2025-12-31" in html
    assert "over the 12 months from the mentorship&#x27;s start" in html


def test_promotion_and_performance_figures_are_shown(html: str) -> None:
    assert 'data-row="promotion-difference" data-difference="0.07"' in html
    assert "+7.0 pp" in html
    assert 'data-row="performance-in" data-mean="0.052"' in html and "+0.041" in html


def test_the_origin_chart_carries_each_share_and_interval_as_data(html: str) -> None:
    assert 'data-chart="origins"' in html
    assert ('data-series="origin-first_choice-completion" data-rate="0.800000" '
            'data-low="0.700000" data-high="0.900000"') in html
    assert 'data-series="origin-self_chosen-completion" data-rate="0.733333"' in html


def test_self_chosen_pairs_are_compared_with_placed_ones(html: str) -> None:
    assert ("Self-chosen − placed: completion +23.3 pp (+1.0 – +45.0 pp); pairing fit "
            "suppressed.") in html
    assert 'data-row="origin-placed"' in html and "50.0% of 20" in html


def test_suppressed_cells_say_so(html: str) -> None:
    row = re.search(r'<tr data-row="origin-assigned">.*?</tr>', html)
    assert row is not None and "suppressed" in row.group(0)
    assert "suppressed (&lt;5)" in html  # the chart's assigned completion


def test_stories_are_counted_per_program_and_a_small_count_of_people_is_hidden(
    html: str,
) -> None:
    assert "7 stories recorded" in html
    assert "<td>&lt;Lift&gt;</td><td>7</td><td>3</td><td>suppressed</td>" in html


def test_skills_and_equity_show_their_rows(html: str) -> None:
    assert "<td>negotiation</td><td>12</td><td>31</td>" in html  # mentees, memos
    assert '<tr data-row="equity-group a"><td>group a</td><td>25.0%</td>' in html


def test_a_report_without_outcomes_shows_none_of_the_sections() -> None:
    assert "data-definition" not in render(report())


def test_the_terminal_summary_shows_outcomes_by_origin() -> None:
    console = Console(record=True, width=140)
    print_summary(full_report(), console)
    text = console.export_text()
    assert "Outcomes by how the pair was formed" in text
    assert "placed (assigned, matched)" in text and "50.0% of 20" in text
