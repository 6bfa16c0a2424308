"""Kaplan–Meier and log-rank on the scenario organisation (facts in scenario_org.py).

Window [2024-01-01, 2024-12-31], days since 2024-01-01. Time-varying participation: O4 O5 O6
O7 O9 O10 were paired in June 2024 (days 155-161), L1 L2 on day 60, so their earlier time is
"out". Exits: O1 day 105, M1 day 151, O2 day 181, O3 day 243.
"""

from __future__ import annotations

from datetime import date

import pytest
from lifelines.statistics import logrank_test

from projections.analytics import Analytics
from projections.queries.survival import SurvivalQuery, SurvivalResult

START, END = date(2024, 1, 1), date(2024, 12, 31)


def curve(report: SurvivalResult, group: str):  # noqa: ANN201 - a test helper
    return next(c for c in report.curves if c.group == group)


def test_time_before_joining_counts_as_out(analytics: Analytics) -> None:
    report = analytics.run(SurvivalQuery(START, END))

    # At O1's exit (day 105) the out group at risk: O1..O10 (O4-O10 join only in June) and N1
    # (entered day 31) = 11; L1 L2 moved to "in" on day 60. S(105) = 10/11.
    first = curve(report, "out").points[0]
    assert (first.day, first.at_risk) == (105, 11)
    assert first.survival == pytest.approx(10 / 11)


def test_joiners_enter_the_in_group_on_the_day_they_join(analytics: Analytics) -> None:
    report = analytics.run(SurvivalQuery(START, END))

    # At M1's exit (day 151): M1 M2 M3 R1 R2 R3 from day 0 plus L1 L2 from day 60 = 8 at risk.
    first = curve(report, "in").points[0]
    assert (first.day, first.at_risk) == (151, 8)
    assert first.survival == pytest.approx(7 / 8)


def test_curves_stop_where_fewer_than_five_remain_at_risk(analytics: Analytics) -> None:
    report = analytics.run(SurvivalQuery(START, END))

    # Out at day 181 (O2's exit): O2 O3 O8 N1 = 4 at risk, so no point at 181 or later.
    out = curve(report, "out")
    assert [p.day for p in out.points] == [105]
    assert out.note is not None and "fewer than 5" in out.note


def test_exit_counts_under_five_are_suppressed(analytics: Analytics) -> None:
    report = analytics.run(SurvivalQuery(START, END))

    # In: 14 people (6 + L1 L2 + six June mentees), 1 exit; out: 13 people, 3 exits.
    assert curve(report, "in").people == 14 and curve(report, "in").exits is None
    assert curve(report, "out").people == 13 and curve(report, "out").exits is None


def test_landmark_log_rank_matches_lifelines_on_the_same_durations(analytics: Analytics) -> None:
    report = analytics.run(SurvivalQuery(START, END, method="landmark"))

    # Landmark groups: in M1 (exit 151) + 5 censored at 365; out O1 O2 O3 (105, 181, 243) + 9.
    expected = logrank_test(
        [151] + [365] * 5, [105, 181, 243] + [365] * 9,
        event_observed_A=[1] + [0] * 5, event_observed_B=[1, 1, 1] + [0] * 9,
    )
    assert report.log_rank is not None
    assert report.log_rank.statistic == pytest.approx(expected.test_statistic)
    assert report.log_rank.p_value == pytest.approx(expected.p_value)


def test_the_report_explains_the_split_and_warns_of_immortal_time_bias(
    analytics: Analytics,
) -> None:
    report = analytics.run(SurvivalQuery(START, END))

    assert "time-varying" in report.method and "before joining" in report.method
    assert "immortal-time bias" in report.warning


def test_log_rank_withholds_exit_counts_under_five(analytics: Analytics) -> None:
    report = analytics.run(SurvivalQuery(START, END, method="landmark"))

    # One exit "in" (M1), three "out": the test statistic is shown, the counts are not.
    assert report.log_rank is not None
    assert report.log_rank.observed is None and report.log_rank.expected is None
