"""Monthly exit hazards: the one place the stated effect and the selection effect act on exits."""

from __future__ import annotations

import math
from datetime import date

from gateways.demo.world.dates import months_between
from gateways.demo.world.params import WorldParams
from gateways.demo.world.people import Person


def voluntary_hazard(params: WorldParams, person: Person, month_start: date) -> float:
    """The probability that ``person`` resigns during the month starting ``month_start``.

    Higher in the first year, lower for engaged people, and multiplied by the stated effect
    factor once the person's first mentorship has started.
    """
    tenure = months_between(person.hired_on, month_start)
    tenure_factor = 1.5 if tenure < 12 else 1.0
    level_factor = 1.1 if person.level <= 2 else 0.85
    # E[exp(-b z)] = exp(b^2 / 2): divide it out so that the average person has the base rate.
    engagement = math.exp(
        -params.engagement_on_exit * person.engagement - params.engagement_on_exit**2 / 2
    )
    hazard = params.voluntary_monthly * tenure_factor * level_factor * engagement
    if is_exposed(person, month_start):
        hazard *= params.effect_factor
    return min(hazard, 0.5)


def is_exposed(person: Person, month_start: date) -> bool:
    """Whether the person's first mentorship started before this month."""
    return person.mentored_since is not None and person.mentored_since < month_start


def retirement_hazard(person: Person) -> float:
    """The probability of retiring this month: from 58 on, and more from 63."""
    if person.age >= 63:
        return 0.04
    return 0.01 if person.age >= 58 else 0.0


def joining_odds(params: WorldParams, person: Person, base_probability: float) -> float:
    """The probability of joining when invited: ``base_probability`` shifted by engagement."""
    base_odds = base_probability / (1 - base_probability)
    odds = base_odds * math.exp(params.selection_strength * person.engagement)
    return odds / (1 + odds)
