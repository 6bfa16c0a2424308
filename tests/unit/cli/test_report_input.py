"""Parsing `mentoring report` options: bad input raises InvalidQuery with a one-line reason."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from gateways.entrypoints.cli.report_input import (
    attribute_of,
    day,
    group_by_of,
    method_of,
    program_ids,
    role_of,
    window,
)
from projections.queries.options import InvalidQuery


def test_a_day_is_an_iso_date() -> None:
    assert day("--start", "2024-02-29") == date(2024, 2, 29)


def test_a_missing_day_is_today() -> None:
    assert day("--today", None) == date.today()


def test_an_impossible_date_names_the_option() -> None:
    with pytest.raises(InvalidQuery, match="^--end: '2023-02-29' is not a date"):
        day("--end", "2023-02-29")


def test_a_window_may_not_end_before_it_starts() -> None:
    with pytest.raises(InvalidQuery, match="must not end before it starts"):
        window("2024-02-01", "2024-01-31")


def test_program_ids_are_uuids() -> None:
    text = "bd3bf77b-694f-4f42-9a8f-67fb2ea569c0"
    assert program_ids([text]) == (UUID(text),)


def test_a_program_name_is_not_a_program_id() -> None:
    with pytest.raises(InvalidQuery, match="--program: 'Grow'"):
        program_ids(["Grow"])


def test_an_unknown_role_is_refused() -> None:
    with pytest.raises(InvalidQuery, match="--role"):
        role_of("sponsor")


def test_no_grouping_is_allowed() -> None:
    assert group_by_of(None) is None


def test_an_unknown_grouping_is_refused() -> None:
    with pytest.raises(InvalidQuery, match="--group-by"):
        group_by_of("shoe_size")


def test_an_unknown_survival_method_is_refused() -> None:
    with pytest.raises(InvalidQuery, match="--method"):
        method_of("cox")


def test_an_unknown_equity_attribute_is_refused() -> None:
    with pytest.raises(InvalidQuery, match="--attribute"):
        attribute_of("salary")
