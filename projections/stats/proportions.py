"""Proportions with 95% Wilson score intervals, and the Newcombe interval of a difference."""

from __future__ import annotations

import math
from dataclasses import dataclass

Z95 = 1.959963984540054


@dataclass(frozen=True)
class Interval:
    """A closed interval [low, high] of a proportion or a difference of proportions."""

    low: float
    high: float


def wilson(successes: int, trials: int, z: float = Z95) -> Interval:
    """The Wilson score interval of successes/trials (95% by default); trials must be > 0."""
    if trials <= 0:
        raise ValueError("a Wilson interval needs at least one trial")
    if not 0 <= successes <= trials:
        raise ValueError(f"successes {successes} must lie in [0, {trials}]")
    p = successes / trials
    z2 = z * z
    centre = (p + z2 / (2 * trials)) / (1 + z2 / trials)
    half = z * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / (1 + z2 / trials)
    return Interval(max(0.0, centre - half), min(1.0, centre + half))


def newcombe_difference(
    successes_a: int, trials_a: int, successes_b: int, trials_b: int, z: float = Z95
) -> tuple[float, Interval]:
    """p_a - p_b with Newcombe's hybrid score interval (method 10), built from Wilson bounds."""
    p_a, p_b = successes_a / trials_a, successes_b / trials_b
    a, b = wilson(successes_a, trials_a, z), wilson(successes_b, trials_b, z)
    difference = p_a - p_b
    below = math.sqrt((p_a - a.low) ** 2 + (b.high - p_b) ** 2)
    above = math.sqrt((a.high - p_a) ** 2 + (p_b - b.low) ** 2)
    return difference, Interval(difference - below, difference + above)
