"""Kaplan–Meier with delayed entry (lifelines) and the log-rank test for time-varying groups.

With participation as a time-varying exposure each person contributes one or two segments
(entry, exit, event, group): time before joining counts as "out", time after as "in". The
log-rank test then compares the groups over risk sets that honour delayed entry (the
Mantel–Byar test); without delayed entry it is the ordinary log-rank test.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # lifelines and scipy take a second to import: only when a curve is fitted
    from lifelines import KaplanMeierFitter


@dataclass(frozen=True)
class Segments:
    """Follow-up segments: entry < exit (days), event observed at exit, group label."""

    entry: np.ndarray
    exit: np.ndarray
    event: np.ndarray
    group: np.ndarray


@dataclass(frozen=True)
class LogRankResult:
    """Log-rank chi-square (1 degree of freedom), p-value, observed and expected events.

    Observed and expected counts are None when they are withheld (a count of 1-4 exits).
    """

    statistic: float
    p_value: float
    observed: dict[str, float] | None
    expected: dict[str, float] | None


def kaplan_meier(entry: np.ndarray, exit: np.ndarray, event: np.ndarray) -> KaplanMeierFitter:
    """A lifelines Kaplan–Meier fit with left truncation at `entry`."""
    from lifelines import KaplanMeierFitter

    fitter = KaplanMeierFitter()
    fitter.fit(durations=exit, event_observed=event, entry=entry)
    return fitter


def log_rank(segments: Segments, first: str, second: str) -> LogRankResult:
    """Compare two groups of segments over risk sets at each distinct event time."""
    from scipy.stats import chi2

    times = np.unique(segments.exit[segments.event.astype(bool)])
    in_first = segments.group == first
    observed = expected = variance = 0.0
    total_events = {first: 0.0, second: 0.0}
    for t in times:
        at_risk = (segments.entry < t) & (segments.exit >= t)
        dying = at_risk & (segments.exit == t) & segments.event.astype(bool)
        n, d = at_risk.sum(), dying.sum()
        n1, d1 = (at_risk & in_first).sum(), (dying & in_first).sum()
        if n == 0:
            continue
        observed += d1
        expected += d * n1 / n
        if n > 1:
            variance += d * (n1 / n) * (1 - n1 / n) * (n - d) / (n - 1)
        total_events[first] += d1
        total_events[second] += d - d1
    statistic = (observed - expected) ** 2 / variance if variance > 0 else 0.0
    all_events = total_events[first] + total_events[second]
    return LogRankResult(
        statistic=float(statistic),
        p_value=float(chi2.sf(statistic, 1)),
        observed={k: float(v) for k, v in total_events.items()},
        expected={first: float(expected), second: float(all_events - expected)},
    )
