"""Half-yearly performance reviews: the HRIS publishes every employee's rating.

Each person has a latent performance (points around the middle of a 1-5 scale). At each review
(the first of January and of July) it moves by ``performance_engagement * z`` a year (engaged
people improve anyway: the selection), by ``performance_effect`` per year of mentoring spent in
the half just ended (the known effect), and by noise; the published rating is the latent value
plus noise, rounded onto the scale in use: 1-5 until 2024, 1-4 from 2025 on (ratings on both
scales are compared by normalising them to 0-1). A separate random stream drives the reviews,
so the rest of the world is the same with or without them.
"""

from __future__ import annotations

import random
from datetime import date

from gateways.demo.world import hris
from gateways.demo.world.dates import add_months
from gateways.demo.world.engine import Sim
from gateways.demo.world.people import Person

REVIEW_MONTHS = (1, 7)
FOUR_POINT_FROM = date(2025, 1, 1)
"""The first review on the 1-4 scale (the company changed its scale)."""
YEAR_DAYS = 365.25


class Reviews:
    """Rates everyone employed on each review day."""

    def __init__(self, sim: Sim) -> None:
        self.sim = sim
        self.rng = random.Random(f"reviews-{sim.params.seed}")

    def month(self, first: date) -> None:
        """On a review month's first day, rate everyone employed for the half just ended."""
        if first.month not in REVIEW_MONTHS:
            return
        cycle = _cycle(first)
        half_start = add_months(first, -6)
        for person in self.sim.roster.employed():
            self._move(person, half_start, first)
            hris.performance_rated(self.sim, person, *self._rating(person, first), cycle)

    def _move(self, person: Person, half_start: date, review: date) -> None:
        """The latent performance after the half ending on ``review`` (drawn the first time)."""
        params, rng = self.sim.params, self.rng
        if person.performance is None:
            person.performance = rng.gauss(0.2 * person.engagement, 0.7)
            return
        mentored = _years_mentored(person, half_start, review)
        person.performance += (
            0.5 * params.performance_engagement * person.engagement
            + params.performance_effect * mentored
            + rng.gauss(0, 0.25)
        )

    def _rating(self, person: Person, review: date) -> tuple[int, tuple[int, int]]:
        """The published rating and its scale: the latent value plus noise, on the scale."""
        assert person.performance is not None
        position = (person.performance + self.rng.gauss(0, 0.4) + 2) / 4  # 0-1 on a 1-5 scale
        low, high = (1, 4) if review >= FOUR_POINT_FROM else (1, 5)
        rating = round(low + position * (high - low))
        return min(high, max(low, rating)), (low, high)


def _cycle(review: date) -> str:
    """The label of the half a review on ``review`` rates (``2024-H1`` on 2024-07-01)."""
    return f"{review.year}-H1" if review.month == 7 else f"{review.year - 1}-H2"


def _years_mentored(person: Person, half_start: date, review: date) -> float:
    """Years of the half [half_start, review) the person spent after their first mentorship."""
    since = person.mentored_since
    if since is None or since >= review:
        return 0.0
    return (review - max(since, half_start)).days / YEAR_DAYS
