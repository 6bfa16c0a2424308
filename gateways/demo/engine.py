"""A tiny discrete-event engine: callbacks run in date order and append to the timeline."""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from gateways.demo.actions import Step
from gateways.demo.params import WorldParams
from gateways.demo.people import Roster


@dataclass
class Truth:
    """What really happened, tallied as the simulation runs (never seen by the system).

    ``observed`` and ``expected`` are voluntary exits and the sum of the hazards that would
    have applied without mentoring, over person-months lived after a first mentorship: their
    ratio estimates the stated effect factor.
    """

    observed: int = 0
    expected_without_effect: float = 0.0
    exposed_months: int = 0
    unexposed_months: int = 0
    unexposed_exits: int = 0

    @property
    def observed_factor(self) -> float:
        """Observed over expected voluntary exits while exposed (about the stated factor)."""
        return self.observed / self.expected_without_effect if self.expected_without_effect else 1.0


@dataclass
class Sim:
    """The simulation's shared state: clock, randomness, people, timeline and truth."""

    params: WorldParams
    rng: random.Random
    roster: Roster = field(default_factory=Roster)
    timeline: list[Step] = field(default_factory=list)
    truth: Truth = field(default_factory=Truth)
    today: date = date.min
    _queue: list[tuple[date, int, Callable[[], None]]] = field(default_factory=list)
    _serial: int = 0

    def at(self, day: date, callback: Callable[[], None]) -> None:
        """Run ``callback`` on ``day`` (never earlier than today), after what is already due."""
        self._serial += 1
        heapq.heappush(self._queue, (max(day, self.today), self._serial, callback))

    def emit(self, step: Step) -> None:
        """Append a step to the timeline."""
        self.timeline.append(step)

    def key(self, prefix: str) -> str:
        """A fresh world key such as ``req-000123``."""
        self._serial += 1
        return f"{prefix}-{self._serial:06d}"

    def run_until(self, end: date) -> None:
        """Run every callback due before ``end``, in date order."""
        while self._queue and self._queue[0][0] < end:
            day, _, callback = heapq.heappop(self._queue)
            self.today = day
            callback()
