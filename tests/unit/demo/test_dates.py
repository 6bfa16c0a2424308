"""Month arithmetic of the simulation."""

from __future__ import annotations

from datetime import date

from gateways.demo.world.dates import add_months


def test_adding_months_keeps_the_day() -> None:
    assert add_months(date(2023, 1, 15), 14) == date(2024, 3, 15)


def test_adding_months_clips_to_the_end_of_a_shorter_month() -> None:
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
