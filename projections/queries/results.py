"""The result of the cohort rate questions (retention, promotion): in against out per group."""

from __future__ import annotations

from dataclasses import dataclass

from projections.privacy import SUPPRESSED, group_is_shown
from projections.queries.options import CohortQuery
from projections.stats.proportions import Interval, newcombe_difference, wilson


@dataclass(frozen=True)
class GroupRate:
    """One group's figures; every figure is None and `suppressed` True below 5 people."""

    headcount: int | None
    events: int | None
    rate: float | None
    interval: Interval | None
    suppressed: bool
    note: str | None = None

    @classmethod
    def of(cls, headcount: int, events: int, rate_of_events: bool) -> GroupRate:
        """Figures of a group of `headcount` people of whom `events` had the event.

        The rate is events/headcount when `rate_of_events`, else (headcount-events)/headcount.
        """
        if not group_is_shown(headcount):
            return cls(None, None, None, None, True, SUPPRESSED)
        successes = events if rate_of_events else headcount - events
        return cls(headcount, events, successes / headcount, wilson(successes, headcount), False)


@dataclass(frozen=True)
class RateComparison:
    """Participants ("in") against everyone else ("out") in one group of the population."""

    group: str | None
    participants: GroupRate
    others: GroupRate
    difference: float | None
    difference_interval: Interval | None

    @classmethod
    def of(
        cls, group: str | None, counts: dict[bool, tuple[int, int]], rate_of_events: bool
    ) -> RateComparison:
        """Build from {is_participant: (headcount, events)}."""
        head_in, ev_in = counts.get(True, (0, 0))
        head_out, ev_out = counts.get(False, (0, 0))
        inside = GroupRate.of(head_in, ev_in, rate_of_events)
        outside = GroupRate.of(head_out, ev_out, rate_of_events)
        if inside.suppressed or outside.suppressed:
            return cls(group, inside, outside, None, None)
        s_in = ev_in if rate_of_events else head_in - ev_in
        s_out = ev_out if rate_of_events else head_out - ev_out
        difference, interval = newcombe_difference(s_in, head_in, s_out, head_out)
        return cls(group, inside, outside, difference, interval)


@dataclass(frozen=True)
class RateResult:
    """A retention or promotion result: the question, one comparison per group, the method."""

    measure: str
    query: CohortQuery
    rows: list[RateComparison]
    method: str
    warning: str


LANDMARK_METHOD = (
    "Landmark method: the population is everyone employed at the window start; 'in' are those "
    "who were participants at the start (a mentorship begun on or before it), 'out' everyone "
    "else; membership is fixed at the start and never changes during the window. Intervals are "
    "95% Wilson score intervals; the difference (in - out) has Newcombe's hybrid score interval."
)
IMMORTAL_TIME_WARNING = (
    "Why landmark: comparing everyone who ever joined with everyone who never did is biased, "
    "because people must stay employed long enough to join, so 'ever joined' looks better even "
    "when mentoring does nothing (immortal-time bias). Groups of fewer than 5 people are "
    "suppressed. Participation is not randomised: differences are associations, not effects."
)
