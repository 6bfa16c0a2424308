"""Landmark retention on the scenario organisation (facts in scenario_org.py), figures by hand.

Window A = [2024-01-01, 2024-12-31]. Employed at the start: 18 (X1 left before, N1 hired after).
In (in a mentorship begun on or before 2024-01-01): M1 M2 M3 R1 R2 R3 = 6, leavers M1 = 1.
Out: L1 L2 O1..O10 = 12, leavers O1 (voluntary) O2 (involuntary) O3 (retirement) = 3.
Window B = [2024-03-01, 2024-12-31]: N1 joins the population, L1 and L2 (paired 2024-03-01)
join the in group: in 8 (leaver M1), out 11 (leavers O1 O2 O3).
"""

from __future__ import annotations

from datetime import date

import pytest

from projections.analytics import Analytics
from projections.queries.results import RateComparison
from projections.queries.retention import RetentionQuery
from tests.integration.projections.rates import counts, rates

WINDOW_A = (date(2024, 1, 1), date(2024, 12, 31))
WINDOW_B = (date(2024, 3, 1), date(2024, 12, 31))


def only_row(analytics: Analytics, query: RetentionQuery) -> RateComparison:
    rows = analytics.run(query).rows
    assert len(rows) == 1
    return rows[0]


@pytest.mark.parametrize(
    ("query", "in_and_out", "retained"),
    [
        pytest.param(
            RetentionQuery(*WINDOW_A), ((6, 1), (12, 3)), (5 / 6, 9 / 12),
            id="participants at the landmark are compared with everyone else",
        ),
        pytest.param(
            RetentionQuery(*WINDOW_B), ((8, 1), (11, 3)), (7 / 8, 8 / 11),
            id="a later landmark moves those who joined by then into the in group",
        ),
        pytest.param(
            RetentionQuery(*WINDOW_A, voluntary_only=True), ((6, 1), (12, 1)), (5 / 6, 11 / 12),
            id="voluntary only counts involuntary exits and retirements as retained",
        ),
    ],
)
def test_each_side_has_the_hand_counted_headcount_leavers_and_rate(
    analytics: Analytics,
    query: RetentionQuery,
    in_and_out: tuple[tuple[int, int], tuple[int, int]],
    retained: tuple[float, float],
) -> None:
    row = only_row(analytics, query)

    assert counts(row) == in_and_out
    assert rates(row) == pytest.approx(retained)
    assert row.difference == pytest.approx(retained[0] - retained[1])


def test_rates_carry_95_percent_wilson_intervals(analytics: Analytics) -> None:
    row = only_row(analytics, RetentionQuery(*WINDOW_A))

    # Wilson intervals from published tables: 5/6 -> [0.4365, 0.9699]; 9/12 -> [0.4677, 0.9111]
    assert row.participants.interval is not None and row.others.interval is not None
    assert row.participants.interval.low == pytest.approx(0.4365, abs=1e-4)
    assert row.participants.interval.high == pytest.approx(0.9699, abs=1e-4)
    assert row.others.interval.low == pytest.approx(0.4677, abs=1e-4)
    assert row.others.interval.high == pytest.approx(0.9111, abs=1e-4)


def test_people_who_join_during_the_window_count_as_out_at_the_landmark(
    analytics: Analytics,
) -> None:
    row = only_row(analytics, RetentionQuery(*WINDOW_A))

    # "ever joined" would put L1 and L2 in: 8 people, 1 leaver, 7/8 retained.
    assert row.participants.headcount != 8
    assert row.participants.rate != pytest.approx(7 / 8)


def test_a_group_under_five_people_is_suppressed_and_marked(analytics: Analytics) -> None:
    row = only_row(analytics, RetentionQuery(*WINDOW_A, role="mentee"))

    # Mentees at the landmark: M1 M2 M3 (3 people). Everyone else: 15, leavers O1 O2 O3.
    assert row.participants.suppressed
    assert row.participants.headcount is None and row.participants.rate is None
    assert row.participants.note is not None and "fewer than 5" in row.participants.note
    assert (row.others.headcount, row.others.events) == (15, 3)
    assert row.others.rate == pytest.approx(12 / 15)
    assert row.difference is None


def test_grouping_by_department_uses_the_department_held_at_the_landmark(
    analytics: Analytics,
) -> None:
    report = analytics.run(RetentionQuery(*WINDOW_A, group_by="department"))
    rows = {row.group: row for row in report.rows}

    # Sales: in M1 M2 M3 R3 (4, suppressed); out O1..O5 and O8 (moved in 2023-09) = 6, 3 leavers.
    # Eng: in R1 R2 (2, suppressed); out L1 L2 O6 O7 O9 O10 = 6 (O9 moves only in 2024-06).
    assert set(rows) == {"Sales", "Eng"}
    assert rows["Sales"].participants.suppressed and rows["Eng"].participants.suppressed
    assert (rows["Sales"].others.headcount, rows["Sales"].others.events) == (6, 3)
    assert rows["Sales"].others.rate == pytest.approx(3 / 6)
    assert (rows["Eng"].others.headcount, rows["Eng"].others.events) == (6, 0)
    assert rows["Sales"].difference is None


def test_grouping_by_round_compares_each_round_with_everyone_not_in_it(
    analytics: Analytics,
) -> None:
    report = analytics.run(RetentionQuery(*WINDOW_B, group_by="round"))
    rows = {row.group: row for row in report.rows}

    # Round 1 pairs (from 2023-06-01): M1 M2 M3 R1 R2 R3 = 6, leaver M1; the other 13: 3 leavers.
    # Round 2 pairs by 2024-03-01: L1 L2 R1 R2 = 4, suppressed.
    one, two = rows["Grow / round 1"], rows["Grow / round 2"]
    assert counts(one) == ((6, 1), (13, 3))
    assert two.participants.suppressed
    assert (two.others.headcount, two.others.events) == (15, 4)


def test_the_report_states_the_landmark_method_and_the_immortal_time_warning(
    analytics: Analytics,
) -> None:
    report = analytics.run(RetentionQuery(*WINDOW_A))

    assert "Landmark" in report.method
    assert "immortal-time bias" in report.warning
