"""Suppression of the aggregate-safe views: no row, flag count or mean about 1-4 people, and no
margin from which subtracting the rows shown leaves 1-4 people."""

from __future__ import annotations

import random
from itertools import combinations
from typing import Any

from projections.aggregate_views import AggregateView, suppress
from projections.privacy import is_small

BY_TEAM = AggregateView("teams", "", "", ("team",), ("mentee",))
BY_TEAM_AND_SITE = AggregateView("grid", "", "", ("team", "site"))
RATED = AggregateView("rated", "", "", ("team",), values=("score",))


def people(team: str, count: int, mentees: int = 0, start: int = 0) -> list[tuple[Any, ...]]:
    """``count`` source rows of one team, the first ``mentees`` of them flagged."""
    return [(f"{team}{i}", f"{team}{i}", team, i - start < mentees)
            for i in range(start, start + count)]


def rows_of(published: list[tuple[Any, ...]], breakdown: str) -> list[tuple[Any, ...]]:
    """The published rows of one breakdown, without the breakdown column."""
    return [row[1:] for row in published if row[0] == breakdown]


def test_a_group_of_four_is_withheld_with_the_smallest_other_group() -> None:
    source = people("a", 4) + people("b", 6) + people("c", 9)
    assert rows_of(suppress(BY_TEAM, source), "team") == [("c", 9, 0)]


def test_two_small_groups_together_of_five_need_no_other_withheld() -> None:
    source = people("a", 2) + people("b", 3) + people("c", 6) + people("d", 7)
    assert [row[0] for row in rows_of(suppress(BY_TEAM, source), "team")] == ["c", "d"]


def test_the_total_is_published_when_it_holds_five_people() -> None:
    published = suppress(BY_TEAM, people("a", 3) + people("b", 3))
    assert (rows_of(published, "total"), rows_of(published, "team")) == ([(None, 6, 0)], [])


def test_a_flag_count_whose_complement_is_small_is_null_and_the_row_stays() -> None:
    source = people("a", 8, mentees=6) + people("b", 10, mentees=5)
    assert rows_of(suppress(BY_TEAM, source), "team") == [("a", 8, None), ("b", 10, None)]


def test_a_flag_count_of_zero_is_shown() -> None:
    assert rows_of(suppress(BY_TEAM, people("a", 5)), "team") == [("a", 5, 0)]


def test_a_mean_over_fewer_than_five_people_is_null_with_the_one_revealing_it() -> None:
    source = [(f"p{i}", f"p{i}", "a", i if i < 4 else None) for i in range(7)]
    source += [(f"q{i}", f"q{i}", "b", 2) for i in range(5)]
    published = suppress(RATED, source)
    assert rows_of(published, "team") == [("a", 7, None), ("b", 5, None)]
    assert rows_of(published, "total") == [(None, 12, 1.778)]


def test_means_over_five_people_or_more_are_shown() -> None:
    source = [(f"p{i}", f"p{i}", "a", 1) for i in range(5)]
    source += [(f"q{i}", f"q{i}", "b", 3) for i in range(6)]
    assert rows_of(suppress(RATED, source), "team") == [("a", 5, 1.0), ("b", 6, 3.0)]


def test_people_appearing_in_many_units_are_counted_once() -> None:
    view = AggregateView("units", "", "", ("team",), units="sessions")
    source = [(f"p{i % 5}", f"s{i}", "a") for i in range(12)]
    assert rows_of(suppress(view, source), "team") == [("a", 5, 12)]


def test_no_margin_of_random_grids_reveals_one_to_four_people() -> None:
    generator = random.Random(18)
    for _ in range(40):
        source = [(f"p{i}", f"p{i}", generator.choice("ABCD"), generator.choice("xyz"))
                  for i in range(generator.randint(5, 60))]
        published = suppress(BY_TEAM_AND_SITE, source)
        shown = {(row[0], row[1], row[2]): row[3] for row in published}
        assert all(not is_small(count) for count in shown.values())
        for breakdown, kept in (("team", (0,)), ("site", (1,)), ("team,site", (0, 1))):
            for margin in _margins(kept):
                _assert_margin_safe(source, shown, breakdown, kept, margin)


def _margins(kept: tuple[int, ...]) -> list[tuple[int, ...]]:
    return [m for size in range(len(kept)) for m in combinations(kept, size)]


def _assert_margin_safe(source: list[tuple[Any, ...]], shown: dict[tuple[Any, ...], int],
                        breakdown: str, kept: tuple[int, ...], margin: tuple[int, ...]) -> None:
    """Per margin group with a row shown: its people less those of the rows shown are 0 or at
    least 5 (a group with no row shown reveals nothing in this breakdown)."""
    left: dict[tuple[Any, ...], int] = {}
    for row in source:
        group = tuple(row[2:4][i] for i in margin)
        left[group] = left.get(group, 0) + 1
    with_rows: set[tuple[Any, ...]] = set()
    for key, count in shown.items():
        if key[0] == breakdown:
            group = tuple(key[1:3][i] for i in margin)
            left[group] -= count
            with_rows.add(group)
    assert not [left[g] for g in with_rows if is_small(left[g])], (breakdown, margin)
