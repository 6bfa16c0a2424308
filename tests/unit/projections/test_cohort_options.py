"""What an analyst may ask: windows, roles, groupings."""

from __future__ import annotations

from datetime import date

import pytest

from projections.queries.options import CohortQuery, InvalidQuery


def test_a_window_must_end_after_it_starts() -> None:
    with pytest.raises(InvalidQuery):
        CohortQuery(date(2024, 5, 1), date(2024, 5, 1))


def test_either_role_means_mentees_and_mentors() -> None:
    assert CohortQuery(date(2024, 1, 1), date(2024, 12, 31)).roles == ["mentee", "mentor"]


def test_an_unknown_grouping_is_refused() -> None:
    with pytest.raises(InvalidQuery):
        CohortQuery(date(2024, 1, 1), date(2024, 12, 31), group_by="shoe_size")  # type: ignore[arg-type]
