"""Outcomes by how the pair was formed, on a hand-built organisation (origin_org.py).

First choice: completion 4 of 5 ended; latest pairing fit 5, 4, 4, 2, 5, 4 (mean 4) and
confidence 4, 3, 4, 2, 5, 3 (mean 3.5); F1-F5 followed 12 months: F2 left, F1 promoted.
Later choice: 4 pairs ended completed or no-fault (suppressed); fit 3, 2, 2, 4, 3 (2.8);
L2 and L4 left, L1 and L3 promoted. Assigned: completion 2 of 5; 4 respondents (suppressed);
A3 left (involuntary); nobody promoted.
Self-chosen (first + later) against placed: completion 6/9 − 2/5 = 4/15, retention
7/10 − 4/5 = −1/10, promotion 3/10 − 0 = 3/10.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pytest
from scipy import stats

from projections.analytics import Analytics
from projections.queries.options import InvalidQuery
from projections.queries.origin_outcomes import (
    OriginOutcome,
    OriginOutcomesQuery,
    OriginOutcomesResult,
)
from projections.stats.proportions import newcombe_difference, wilson
from projections.view import DuckDBView
from tests.integration.projections.origin_org import build_origin_organisation
from tests.integration.projections.projected import projection_fixture

START, END = date(2023, 1, 1), date(2024, 12, 31)


#: The organisation projected (by either path of the projector).
projected = projection_fixture(build_origin_organisation, name="projected", batch_size=6)


@pytest.fixture(scope="module")
def result(projected: DuckDBView) -> OriginOutcomesResult:
    """The default question over the whole window."""
    return Analytics(projected.cursor()).run(OriginOutcomesQuery(START, END))


def row(result: OriginOutcomesResult, origin: str) -> OriginOutcome:
    """The row of one origin."""
    (found,) = [r for r in result.rows if r.origin == origin]
    return found


def t_interval(values: tuple[float, ...]) -> tuple[float, float]:
    """The 95% t interval of the mean, by the textbook formula."""
    n, mean = len(values), sum(values) / len(values)
    half = stats.t.ppf(0.975, n - 1) * math.sqrt(
        sum((v - mean) ** 2 for v in values) / (n - 1) / n)
    return mean - half, mean + half


def test_the_view_tells_a_first_choice_from_a_later_one_by_the_accepting_mentors_rank(
    projected: DuckDBView,
) -> None:
    rows = projected.fetch(
        "SELECT origin, choice_index, count(*) FROM mentorship_origins GROUP BY ALL ORDER BY ALL")
    assert rows == [("assigned", None, 5), ("first_choice", 0, 6), ("later_choice", 1, 4),
                    ("later_choice", 2, 1)]


def test_each_origin_is_a_row_in_order_matching_included_with_no_pairs(
    result: OriginOutcomesResult,
) -> None:
    assert [(r.origin, r.mentorships) for r in result.rows] == [
        ("first_choice", 6), ("later_choice", 5), ("assigned", 5), ("matching", 0)]
    matching = row(result, "matching")
    assert (matching.completion.headcount, matching.completion.suppressed) == (0, False)
    assert (matching.pairing_fit.respondents, matching.pairing_fit.mean) == (0, None)


def test_completion_is_the_share_completed_of_pairs_ended_completed_or_without_fault(
    result: OriginOutcomesResult,
) -> None:
    assigned = row(result, "assigned").completion
    assert (assigned.headcount, assigned.events, assigned.rate) == (5, 2, 0.4)
    interval = wilson(2, 5)
    assert assigned.interval is not None
    assert (assigned.interval.low, assigned.interval.high) == pytest.approx(
        (interval.low, interval.high))


def test_completion_of_fewer_than_five_ended_pairs_is_suppressed(
    result: OriginOutcomesResult,
) -> None:
    later = row(result, "later_choice").completion
    assert later.suppressed and (later.headcount, later.rate, later.interval) == (None, None, None)


def test_a_suppressed_origin_hides_its_siblings_figure_so_no_subtraction_reveals_it(
    result: OriginOutcomesResult,
) -> None:
    # self-chosen 6 of 9 minus first choice 4 of 5 would give later choice: 2 of 4.
    assert result.self_chosen.completion.rate == pytest.approx(6 / 9)
    first = row(result, "first_choice")
    assert first.completion.suppressed and first.completion.rate is None
    assert first.retention.rate == 0.8  # later choice's retention is shown: nothing to hide


def test_survey_scores_are_the_mean_of_each_participants_latest_answer_with_a_t_interval(
    result: OriginOutcomesResult,
) -> None:
    first = row(result, "first_choice")
    assert (first.pairing_fit.respondents, first.pairing_fit.mean) == (6, pytest.approx(4.0))
    assert first.confidence.mean == pytest.approx(3.5)
    assert first.pairing_fit.interval is not None
    low, high = t_interval((5, 4, 4, 2, 5, 4))
    assert (first.pairing_fit.interval.low, first.pairing_fit.interval.high) == pytest.approx(
        (low, high))
    assert row(result, "later_choice").pairing_fit.mean == pytest.approx(2.8)


def test_survey_scores_of_fewer_than_five_respondents_are_suppressed(
    result: OriginOutcomesResult,
) -> None:
    assigned = row(result, "assigned").pairing_fit
    assert assigned.suppressed and (assigned.respondents, assigned.mean) == (None, None)


def test_retention_and_promotion_follow_the_mentee_from_the_mentorships_start(
    result: OriginOutcomesResult,
) -> None:
    first, later = row(result, "first_choice"), row(result, "later_choice")
    # F6 started 2024-03-05: its 12 months end after the window, so it is not followed.
    assert (first.retention.headcount, first.retention.events, first.retention.rate) == (
        5, 1, 0.8)
    assert (first.promotion.events, first.promotion.rate) == (1, 0.2)
    assert (later.retention.rate, later.promotion.rate) == (0.6, 0.4)


def test_voluntary_only_counts_an_involuntary_exit_as_retained(projected: DuckDBView) -> None:
    query = OriginOutcomesQuery(START, END, voluntary_only=True)
    result = Analytics(projected.cursor()).run(query)
    assert row(result, "assigned").retention.rate == 1.0
    assert row(result, "first_choice").retention.rate == 0.8


def test_a_shorter_follow_up_changes_who_left_within_it(projected: DuckDBView) -> None:
    # 6 months from 2023-03-10: L4 (left 2023-11-01) and L2 (2024-03-01) left after it.
    result = Analytics(projected.cursor()).run(OriginOutcomesQuery(START, END, 6))
    assert row(result, "later_choice").retention.rate == 1.0


def test_self_chosen_pairs_are_compared_with_placed_ones(result: OriginOutcomesResult) -> None:
    chosen, placed = result.self_chosen, result.placed
    assert (chosen.mentorships, chosen.completion.rate) == (11, pytest.approx(6 / 9))
    assert chosen.pairing_fit.mean == pytest.approx(38 / 11)
    assert (chosen.retention.rate, chosen.promotion.rate) == (0.7, 0.3)
    assert (placed.completion.rate, placed.retention.rate) == (0.4, 0.8)
    differences = {d.measure: d for d in result.differences}
    completion = differences["completion"]
    assert completion.difference == pytest.approx(4 / 15)
    expected = newcombe_difference(6, 9, 2, 5)[1]
    assert completion.interval is not None
    assert completion.interval.low == pytest.approx(expected.low)
    assert differences["retention"].difference == pytest.approx(-0.1)
    assert differences["promotion"].difference == pytest.approx(0.3)
    assert differences["pairing_fit"].difference is None  # placed: 4 respondents


def test_mentorships_started_outside_the_window_are_left_out(projected: DuckDBView) -> None:
    result = Analytics(projected.cursor()).run(OriginOutcomesQuery(date(2023, 3, 1), END))
    # F6 alone: 1 pair, suppressed, and so later choice's 5 (self-chosen shows 6).
    assert [(r.origin, r.mentorships) for r in result.rows][:2] == [
        ("first_choice", None), ("later_choice", None)]
    assert result.self_chosen.mentorships == 6


@pytest.mark.parametrize("months", [0, 121])
def test_a_follow_up_outside_one_to_120_months_is_refused(months: int) -> None:
    with pytest.raises(InvalidQuery, match="follow-up"):
        OriginOutcomesQuery(START, END, months)


def test_cohort_matched_pairs_are_their_own_origin_and_count_as_placed(tmp_path: Path) -> None:
    view = DuckDBView(tmp_path / "view.duckdb")
    try:
        with view.locked() as connection:
            connection.execute(
                "INSERT INTO mentorships (mentorship_id, mentee_id, mentor_id, origin, started_on) "
                "SELECT uuid(), uuid(), uuid(), 'matching', DATE '2023-05-01' FROM range(5)")
        result = Analytics(view.cursor()).run(OriginOutcomesQuery(START, END))
    finally:
        view.close()
    assert row(result, "matching").mentorships == 5
    assert (result.placed.mentorships, result.self_chosen.mentorships) == (5, 0)
