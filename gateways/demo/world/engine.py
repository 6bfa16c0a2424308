"""A tiny discrete-event engine: callbacks run in date order and append to the timeline.

The timeline holds what the system is asked to do: the mentoring service's commands themselves
and the HRIS messages the upstream system publishes, in the order they happen.
"""

from __future__ import annotations

import heapq
import random
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeAlias
from uuid import UUID

from domain.base import Stamp, natural_id
from gateways.demo.world.params import WorldParams
from gateways.demo.world.people import Roster
from gateways.entrypoints.hris.contract import HrisMessage
from services.command import Command

Step: TypeAlias = Command[Any] | HrisMessage
"""One entry of the world's timeline: a service command, or an HRIS message."""


def day_of(step: Step) -> date:
    """The business date of a step (an HRIS hire is dated the day the person was hired)."""
    return step.stamp.effective_date if isinstance(step, Command) else step.effective_date


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
    _days: list[date] = field(default_factory=list)
    """A heap of the days with callbacks due."""
    _due: dict[date, deque[Callable[[], None]]] = field(default_factory=dict)
    """Each such day's callbacks, in the order they were scheduled."""
    _serial: int = 0

    def at(self, day: date, callback: Callable[[], None]) -> None:
        """Run ``callback`` on ``day`` (never earlier than today), after what is already due."""
        self._serial += 1
        day = max(day, self.today)
        due = self._due.get(day)
        if due is None:
            due = self._due[day] = deque()
            heapq.heappush(self._days, day)
        due.append(callback)

    def emit(self, step: Step) -> None:
        """Append a step to the timeline."""
        self.timeline.append(step)

    def key(self, prefix: str) -> str:
        """A fresh world key such as ``hris-000123``."""
        self._serial += 1
        return f"{prefix}-{self._serial:06d}"

    def id_of(self, kind: str, key: str) -> UUID:
        """The id the world gives to its ``kind`` named ``key``: the same for the same seed."""
        return natural_id(f"demo-{kind}", str(self.params.seed), key)

    def new_id(self, kind: str) -> UUID:
        """The id of a new ``kind`` (a request, a pair, a story), deterministic in the seed."""
        return self.id_of(kind, self.key(kind))

    def stamp(self, actor: str) -> Stamp:
        """``actor`` acting today."""
        return Stamp(actor, self.today)

    def run_until(self, end: date) -> None:
        """Run every callback due before ``end``, in date order (a day's in the order they were
        scheduled, including those scheduled for that day while it runs)."""
        while self._days and self._days[0] < end:
            day = self._days[0]
            self.today = day
            due = self._due[day]
            while due:
                due.popleft()()
            heapq.heappop(self._days)
            del self._due[day]
