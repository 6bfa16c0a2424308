"""The people of the synthetic organisation and the indexes the simulation keeps over them."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

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


@dataclass
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

    @property
    def employed(self) -> bool:
        """Hired and not (yet) gone."""
        return self.left_on is None

    def available_on(self, day: date) -> bool:
        """Employed on ``day`` and not due to leave on or before it."""
        return self.employed and (self.leaving_on is None or day < self.leaving_on)


def pick(rng: random.Random, weights: dict[str | None, float] | dict[str, float]) -> str | None:
    """A key drawn with the given weights."""
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]  # type: ignore[index]


@dataclass
class Roster:
    """Everyone ever hired, with the indexes needed to choose managers quickly."""

    people: dict[str, Person] = field(default_factory=dict)
    reports: dict[str, dict[str, None]] = field(default_factory=dict)
    executives: list[str] = field(default_factory=list)
    serial: int = 0

    def new_id(self) -> str:
        """The next HRIS id."""
        self.serial += 1
        return f"E{self.serial:05d}"

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
        """An employed manager in the department at the nearest higher level (the CEO at worst)."""
        above = [
            p
            for p in self.people.values()
            if p.employed
            and p.leaving_on is None
            and p.department == department
            and p.level > level
        ]
        if not above:
            return self.ceo_id
        nearest = min(p.level for p in above)
        candidates = [p for p in above if p.level == nearest]
        sample = rng.sample(candidates, min(3, len(candidates)))
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
