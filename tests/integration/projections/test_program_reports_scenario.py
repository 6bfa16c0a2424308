"""Funnel, momentum, equity and skills on the scenario organisation (scenario_org.REQUESTS).

Eight requests made 2024-06-03: six accepted (O10's after R1 declined and it went to R3), one
expired (N1), one withdrawn (O8). Answers: 6 accepts, 1 decline, 1 expiry. Days to respond
(accept/decline): 2 4 7 1 2 1 2 -> median 2. Days to first session: 7 10 10 20 7 10 -> median 10.
Memos: five, naming negotiation (5 mentees), pricing (3), forecasting (1).
"""

from __future__ import annotations

from datetime import date

import pytest

from projections.analytics import Analytics
from projections.queries.equity import EquityQuery
from projections.queries.funnel import FunnelQuery
from projections.queries.momentum import MomentumQuery
from projections.queries.skills import SkillsQuery

YEAR = (date(2024, 1, 1), date(2024, 12, 31))


def test_funnel_follows_requests_to_first_session_and_memo(analytics: Analytics) -> None:
    (row,) = analytics.run(FunnelQuery(*YEAR)).rows

    assert (row.made, row.accepted, row.first_session, row.memo) == (8, 6, 6, 5)
    assert row.decline_rate == pytest.approx(1 / 8)
    assert row.expiry_rate == pytest.approx(1 / 8)
    assert row.median_days_to_respond == 2
    assert row.median_days_to_first_session == 10


def test_funnel_suppresses_a_count_under_five(analytics: Analytics) -> None:
    (row,) = analytics.run(FunnelQuery(*YEAR)).rows

    assert row.withdrawn is None and "withdrawn" in row.suppressed


def test_momentum_counts_pairs_without_a_session_for_thirty_days(analytics: Analytics) -> None:
    (row,) = analytics.run(MomentumQuery(today=date(2024, 7, 15), dormant_days=30)).rows

    # Active on 07-15 with no session since 06-15: M2-R2, M3-R3, L1-R1, L2-R2 (none ever),
    # O6's pair (last 06-12), O5's pair (last 06-11); O4's pair met on 06-15 exactly.
    assert row.dormant == 6
    assert (row.near_deadline, row.past_deadline, row.mentees_waiting) == (0, 0, 0)


def test_momentum_suppresses_a_dormant_count_under_five(analytics: Analytics) -> None:
    (row,) = analytics.run(MomentumQuery(today=date(2024, 6, 8), dormant_days=30)).rows

    # Active on 06-08, started before 05-09, no session: M2-R2 M3-R3 L1-R1 L2-R2 = 4.
    assert row.dormant is None and "dormant" in row.suppressed


def test_equity_compares_shares_of_selection_with_the_workforce(analytics: Analytics) -> None:
    rows = {r.group: r for r in analytics.run(EquityQuery(date(2024, 6, 1))).rows}

    # Employed 2024-06-01: A = M2 M3 R1 R2 R3 L1 L2 O2 (8), B = O3..O10 and N1 (9).
    assert rows["A"].workforce.count == 8 and rows["B"].workforce.count == 9
    assert rows["A"].workforce.share == pytest.approx(8 / 17)
    # Nominees O3..O7 are all B: 5 of 5; A has none.
    assert rows["B"].nominees.count == 5 and rows["B"].nominees.share == pytest.approx(1.0)
    assert rows["A"].nominees.count == 0
    # Mentors: R1 R2 R3 (A) and O3 O4 O5 (B, accepted nominations): 3 each, suppressed.
    assert rows["A"].mentors.suppressed and rows["B"].mentors.suppressed
    assert rows["A"].mentors.count is None


def test_skills_named_by_fewer_than_five_mentees_are_withheld(analytics: Analytics) -> None:
    report = analytics.run(SkillsQuery(*YEAR))

    assert [(s.skill, s.memos, s.mentees) for s in report.skills] == [("negotiation", 5, 5)]
    assert report.suppressed_skills == 2
