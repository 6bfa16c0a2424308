"""Landmark promotion rate on the scenario organisation (facts in scenario_org.py).

Window [2024-01-01, 2024-12-31]: promotions inside it: O5 (03-01), M2 (06-01), R1 (07-01);
O6 (2023-12-01) is before it, O7 (2025-01-15) after it.
In: M1 M2 M3 R1 R2 R3 = 6, promoted M2 R1 = 2. Out: 12, promoted O5 = 1.
"""

from __future__ import annotations

from datetime import date

import pytest

from projections.analytics import Analytics
from projections.queries.promotion import PromotionQuery
from tests.integration.projections.rates import counts, rates


def test_promotion_rate_counts_people_promoted_inside_the_window(analytics: Analytics) -> None:
    (row,) = analytics.run(PromotionQuery(date(2024, 1, 1), date(2024, 12, 31))).rows

    assert counts(row) == ((6, 2), (12, 1))
    assert rates(row) == pytest.approx((2 / 6, 1 / 12))
    assert row.difference == pytest.approx(2 / 6 - 1 / 12)


def test_promotion_by_program_names_the_program(analytics: Analytics) -> None:
    query = PromotionQuery(date(2024, 1, 1), date(2024, 12, 31), group_by="program")

    (row,) = analytics.run(query).rows

    assert row.group == "Grow"
    assert (row.participants.headcount, row.participants.events) == (6, 2)
