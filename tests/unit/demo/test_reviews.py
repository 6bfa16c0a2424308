"""Half-yearly performance ratings from the world's HRIS, carrying a known effect."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date

from gateways.demo.world.params import WorldParams
from gateways.demo.world.simulate import World, simulate
from gateways.entrypoints.hris.contract import PerformanceRated


def _ratings(world: World) -> list[PerformanceRated]:
    return [s for s in world.timeline if isinstance(s, PerformanceRated)]


def test_ratings_are_published_every_half_year_from_the_first_day(small_world: World) -> None:
    cycles = Counter((r.cycle, r.effective_date) for r in _ratings(small_world))
    assert sorted(cycles) == [
        ("2022-H2", date(2023, 1, 1)),
        ("2023-H1", date(2023, 7, 1)),
        ("2023-H2", date(2024, 1, 1)),
        ("2024-H1", date(2024, 7, 1)),
        ("2024-H2", date(2025, 1, 1)),
        ("2025-H1", date(2025, 7, 1)),
    ]
    assert cycles[("2022-H2", date(2023, 1, 1))] == small_world.params.employees


def test_each_person_is_rated_once_a_cycle(small_world: World) -> None:
    rated = Counter((r.cycle, r.employee_id) for r in _ratings(small_world))
    assert set(rated.values()) == {1}


def test_ratings_move_from_a_five_point_to_a_four_point_scale_in_2025(small_world: World) -> None:
    scales = {
        (r.effective_date.year >= 2025, r.scale_min, r.scale_max) for r in _ratings(small_world)
    }
    assert scales == {(False, 1, 5), (True, 1, 4)}
    assert {r.rating for r in _ratings(small_world)} == {1, 2, 3, 4, 5}


def test_the_ratings_leave_the_rest_of_the_world_unchanged(small_world: World) -> None:
    without = simulate(replace(small_world.params, performance_effect=0.0))
    others = [s for s in small_world.timeline if not isinstance(s, PerformanceRated)]
    assert [s for s in without.timeline if not isinstance(s, PerformanceRated)] == others


def test_mentoring_raises_ratings_and_never_lowers_one(small_world: World) -> None:
    without = simulate(replace(small_world.params, performance_effect=0.0))
    pairs = list(zip(_ratings(without), _ratings(small_world), strict=True))
    assert all(a.employee_id == b.employee_id and a.cycle == b.cycle for a, b in pairs)
    assert all(b.rating >= a.rating for a, b in pairs)
    assert sum(b.rating - a.rating for a, b in pairs) > 50


def test_the_performance_effect_is_described_for_the_report() -> None:
    assert "raises the latent performance rating by 0.6" in WorldParams().describe()
