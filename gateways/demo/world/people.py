"""The people of the synthetic organisation and the indexes the simulation keeps over them."""

from __future__ import annotations

import random
from bisect import bisect_left, insort
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from gateways.demo.world.columns import Column

DEPARTMENTS = {
    "Engineering": 0.30,
    "Sales": 0.18,
    "Customer Success": 0.14,
    "Operations": 0.12,
    "Marketing": 0.08,
    "Finance": 0.08,
    "People": 0.06,
    "Legal": 0.04,
}
LOCATIONS = {"London": 0.3, "Lisbon": 0.2, "Berlin": 0.2, "Toronto": 0.15, "Singapore": 0.15}
LEVELS = {1: 0.32, 2: 0.28, 3: 0.2, 4: 0.11, 5: 0.06, 6: 0.03}
GROUPS = {"A": 0.45, "B": 0.3, "C": 0.15, None: 0.1}
EXECUTIVE = "Executive"
CEO_LEVEL = 7


@dataclass(slots=True)
class Person:
    """One employee as the simulation knows them, including what the HRIS never sees."""

    hris_id: str
    department: str
    level: int
    manager: str | None
    location: str
    group: str | None
    engagement: float
    age: float
    hired_on: date
    left_on: date | None = None
    leave_reason: str | None = None
    leaving_on: date | None = None
    mentored_since: date | None = None
    performance: float | None = None
    """Latent performance on a 1-5 scale's points around its middle (None until first rated)."""

    @property
    def employed(self) -> bool:
        """Hired and not (yet) gone."""
        return self.left_on is None

    def available_on(self, day: date) -> bool:
        """Employed on ``day`` and not due to leave on or before it."""
        return self.employed and (self.leaving_on is None or day < self.leaving_on)


NEVER = date.max.toordinal() + 1
"""An ``available_until`` for someone with no leaving date."""


def _available_until(person: Person) -> int:
    """The first day ``person.available_on`` is false, as a day ordinal."""
    if not person.employed:
        return 0
    return NEVER if person.leaving_on is None else person.leaving_on.toordinal()


def pick(rng: random.Random, weights: dict[str | None, float] | dict[str, float]) -> str | None:
    """A key drawn with the given weights."""
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]  # type: ignore[index]


@dataclass
class Roster:
    """Everyone ever hired, with the indexes needed to choose managers quickly.

    ``managers`` holds, per (department, level), the people who could manage someone below
    that level (employed and not due to leave), as hire ordinals in ascending order: the order
    of ``people``. Whoever changes a person's department, level, employment or leaving date
    calls ``refresh`` so that the index follows.
    """

    people: dict[str, Person] = field(default_factory=dict)
    reports: dict[str, dict[str, None]] = field(default_factory=dict)
    executives: list[str] = field(default_factory=list)
    serial: int = 0
    ordinals: dict[str, int] = field(default_factory=dict)
    """Each person's position in ``people`` (the order they were first hired in)."""
    in_order: list[Person] = field(default_factory=list)
    managers: dict[tuple[str, int], list[int]] = field(default_factory=dict)
    _manager_key: dict[str, tuple[str, int]] = field(default_factory=dict)
    levels: Column = field(default_factory=lambda: Column(np.int16))
    """Each person's level, by ordinal."""
    available_until: Column = field(default_factory=lambda: Column(np.int64))
    """By ordinal, the first day (``date.toordinal``) a person is no longer available: 0 once
    gone, their leaving date once it is drawn, else never (``NEVER``)."""

    def new_id(self) -> str:
        """The next HRIS id."""
        self.serial += 1
        return f"E{self.serial:05d}"

    def add(self, person: Person) -> None:
        """Add a newly hired person (in hire order) and index them."""
        self.ordinals[person.hris_id] = len(self.in_order)
        self.people[person.hris_id] = person
        self.in_order.append(person)
        self.refresh(person)

    def refresh(self, person: Person) -> None:
        """Re-index ``person`` after a change of department, level, employment or leaving date."""
        ordinal = self.ordinals[person.hris_id]
        self.levels.set(ordinal, person.level)
        self.available_until.set(ordinal, _available_until(person))
        old = self._manager_key.pop(person.hris_id, None)
        if old is not None:
            members = self.managers[old]
            del members[bisect_left(members, ordinal)]
        if person.employed and person.leaving_on is None:
            key = (person.department, person.level)
            self._manager_key[person.hris_id] = key
            insort(self.managers.setdefault(key, []), ordinal)

    def employed(self) -> list[Person]:
        """Everyone employed now, in hire order."""
        return [p for p in self.people.values() if p.employed]

    def set_manager(self, person: Person, manager: str | None) -> None:
        """Point ``person`` at ``manager`` and keep the reports index in step."""
        if person.manager is not None:
            self.reports.get(person.manager, {}).pop(person.hris_id, None)
        person.manager = manager
        if manager is not None:
            self.reports.setdefault(manager, {})[person.hris_id] = None

    def choose_manager(self, rng: random.Random, department: str, level: int) -> str:
        """An employed manager in the department at the nearest higher level (the CEO at worst).

        Up to three people are drawn at that level (in hire order) and the one with the fewest
        reports manages.
        """
        candidates = next(
            (
                members
                for above in range(level + 1, CEO_LEVEL + 1)
                if (members := self.managers.get((department, above)))
            ),
            None,
        )
        if candidates is None:
            return self.ceo_id
        sample = [self.in_order[i] for i in rng.sample(candidates, min(3, len(candidates)))]
        return min(sample, key=lambda p: len(self.reports.get(p.hris_id, {}))).hris_id

    @property
    def ceo_id(self) -> str:
        """The CEO's id (the first person hired)."""
        return "E00001"

    def chain(self, hris_id: str, depth: int = 2) -> list[str]:
        """The person's manager, the manager's manager, ... up to ``depth`` levels."""
        result: list[str] = []
        current = self.people[hris_id].manager
        while current is not None and len(result) < depth:
            result.append(current)
            current = self.people[current].manager
        return result

    def under(self, hris_id: str) -> set[str]:
        """Everyone whose ``chain`` holds ``hris_id``: their reports and their reports' reports."""
        direct = self.reports.get(hris_id, {})
        found = set(direct)
        for report in direct:
            found.update(self.reports.get(report, {}))
        return found
