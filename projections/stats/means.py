"""Means with 95% t intervals, and the Welch interval of a difference of two means."""

from __future__ import annotations

import math
from dataclasses import dataclass

from projections.stats.proportions import Interval


@dataclass(frozen=True)
class Sample:
    """A sample summarised: its size, mean and sample variance (n - 1 in the denominator)."""

    n: int
    mean: float
    variance: float

    @classmethod
    def of_sums(cls, n: int, total: float, squares: float) -> Sample:
        """From the count, the sum and the sum of squares of the values (n >= 2)."""
        mean = total / n
        variance = max(0.0, (squares - n * mean * mean) / (n - 1))
        return cls(n, mean, variance)


def t_interval(sample: Sample, level: float = 0.95) -> Interval:
    """The t interval of the mean: mean ± t(n-1) · s/√n (n >= 2)."""
    from scipy import stats

    half = stats.t.ppf((1 + level) / 2, sample.n - 1) * math.sqrt(sample.variance / sample.n)
    return Interval(sample.mean - half, sample.mean + half)


def welch_difference(a: Sample, b: Sample, level: float = 0.95) -> tuple[float, Interval]:
    """mean(a) - mean(b) with Welch's interval (Welch–Satterthwaite degrees of freedom)."""
    from scipy import stats

    difference = a.mean - b.mean
    va, vb = a.variance / a.n, b.variance / b.n
    se = math.sqrt(va + vb)
    if se == 0:
        return difference, Interval(difference, difference)
    df = (va + vb) ** 2 / (va**2 / (a.n - 1) + vb**2 / (b.n - 1))
    half = stats.t.ppf((1 + level) / 2, df) * se
    return difference, Interval(difference - half, difference + half)
