"""Date arithmetic the simulation needs (months, random days within a month)."""

from __future__ import annotations

import calendar
import random
from datetime import date


def add_months(day: date, months: int) -> date:
    """The same day-of-month ``months`` later, clipped to the month's length."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def day_in_month(rng: random.Random, first: date, earliest: int = 2) -> date:
    """A random day of the month starting at ``first``, no earlier than day ``earliest``."""
    last = calendar.monthrange(first.year, first.month)[1]
    return first.replace(day=rng.randint(earliest, last))


def months_between(earlier: date, later: date) -> float:
    """Elapsed months, approximately (30.44 days each)."""
    return (later - earlier).days / 30.44
