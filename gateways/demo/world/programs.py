"""The mentoring programs the synthetic company runs: several types, each with its rounds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from domain.vocabulary import Formality, ProgramType
from gateways.demo.world.people import Person

Eligible = Callable[[Person, date], bool]


@dataclass(frozen=True)
class RoundPlan:
    """One round (cohort): when it opens (months after start), how long, and for whom."""

    opens_after_months: int
    open_months: int
    departments: tuple[str, ...] | None


@dataclass(frozen=True)
class ProgramPlan:
    """A program the company launches, and who it recruits as mentors and mentees."""

    key: str
    name: str
    program_type: ProgramType
    formality: Formality
    goal: str
    launch_after_months: int
    ends_after_months: int | None
    cadence_days: int
    mentorship_months: int
    rounds: tuple[RoundPlan, ...]
    mentee: Eligible
    mentor: Eligible
    mentee_rate: float
    volunteer_rate: float
    nominations: int
    topics: tuple[str, ...]
    reverse: bool = False
    forbid_same_manager: bool = False


def _tenure_days(person: Person, day: date) -> int:
    return (day - person.hired_on).days


def _new_hire(person: Person, day: date) -> bool:
    return _tenure_days(person, day) < 200 and person.level <= 3


def _buddy(person: Person, day: date) -> bool:
    return _tenure_days(person, day) > 500 and 2 <= person.level <= 4


def _high_potential(person: Person, day: date) -> bool:
    return 2 <= person.level <= 4 and _tenure_days(person, day) > 365


def _senior(person: Person, day: date) -> bool:
    return person.level >= 5


def _anyone(person: Person, day: date) -> bool:
    return person.level <= 5


def _experienced(person: Person, day: date) -> bool:
    return person.level >= 3 and _tenure_days(person, day) > 365


def _junior(person: Person, day: date) -> bool:
    return person.level <= 2


def _underrepresented(person: Person, day: date) -> bool:
    return person.group in ("B", "C") and person.level <= 4


def _company_wide(opens_after_months: tuple[int, ...], open_months: int) -> tuple[RoundPlan, ...]:
    """Rounds open to every department, opening the given months after the start."""
    return tuple(RoundPlan(opens, open_months, None) for opens in opens_after_months)


class _Kind(NamedTuple):
    """A program's name, type and formality."""

    name: str
    program_type: ProgramType
    formality: Formality


class _Timing(NamedTuple):
    """Months after the start (launch, end), days between meetings, a mentorship's months."""

    launch_after_months: int
    ends_after_months: int | None
    cadence_days: int
    mentorship_months: int


class _Recruiting(NamedTuple):
    """Who may join as mentee and mentor, the join rates, and nominations per round."""

    mentee: Eligible
    mentor: Eligible
    mentee_rate: float
    volunteer_rate: float
    nominations: int


# The plans, one table per aspect, one row per program (in launch order).
_KINDS = {
    "welcome": _Kind("Welcome buddies", ProgramType.NEW_HIRE, Formality.STRUCTURED),
    "leaders": _Kind("Rising leaders", ProgramType.HIGH_POTENTIAL, Formality.FORMAL),
    "open": _Kind("Open mentoring", ProgramType.GENERAL, Formality.INFORMAL),
    "reverse": _Kind("Reverse mentoring", ProgramType.REVERSE, Formality.INFORMAL),
    "lift": _Kind("Lift", ProgramType.DIVERSITY, Formality.STRUCTURED),
}
_GOALS = {
    "welcome": "Every new hire has a buddy for their first six months.",
    "leaders": "Prepare high-potential staff for their first leadership role.",
    "open": "Anyone can learn from a more experienced colleague.",
    "reverse": "Senior leaders learn from junior colleagues.",
    "lift": "Open doors for colleagues from under-represented groups.",
}
_TIMING = {
    "welcome": _Timing(2, None, 30, 4),
    "leaders": _Timing(5, 30, 28, 9),
    "open": _Timing(9, None, 30, 5),
    "reverse": _Timing(14, 33, 30, 5),
    "lift": _Timing(18, None, 28, 6),
}
_ROUNDS: dict[str, tuple[RoundPlan, ...]] = {
    "welcome": (RoundPlan(2, 2, ("Engineering",)), *_company_wide((8, 14, 20, 26, 32), 2)),
    "leaders": _company_wide((5, 17), 1),
    "open": (
        RoundPlan(9, 3, ("Sales", "Customer Success")),
        RoundPlan(15, 3, ("Sales", "Customer Success", "Engineering", "Operations")),
        *_company_wide((21, 27, 33), 3),
    ),
    "reverse": _company_wide((14, 24), 2),
    "lift": _company_wide((18, 26, 33), 2),
}
_RECRUITING = {
    "welcome": _Recruiting(_new_hire, _buddy, 0.45, 0.05, 0),
    "leaders": _Recruiting(_high_potential, _senior, 0.12, 0.0, 40),
    "open": _Recruiting(_anyone, _experienced, 0.12, 0.08, 10),
    "reverse": _Recruiting(_senior, _junior, 0.25, 0.03, 0),
    "lift": _Recruiting(_underrepresented, _experienced, 0.1, 0.04, 15),
}
_TOPICS = {
    "welcome": ("onboarding", "tools", "culture"),
    "leaders": ("leadership", "strategy", "stakeholders"),
    "open": ("career", "craft", "negotiation", "networking"),
    "reverse": ("digital", "customers", "culture"),
    "lift": ("career", "sponsorship", "visibility"),
}
_REVERSE = {"reverse"}
_FORBID_SAME_MANAGER = {"open"}


def _plan(key: str) -> ProgramPlan:
    """The plan of the program ``key``, gathered from the tables above."""
    return ProgramPlan(
        key=key,
        goal=_GOALS[key],
        rounds=_ROUNDS[key],
        topics=_TOPICS[key],
        reverse=key in _REVERSE,
        forbid_same_manager=key in _FORBID_SAME_MANAGER,
        **_KINDS[key]._asdict(),
        **_TIMING[key]._asdict(),
        **_RECRUITING[key]._asdict(),
    )


PLANS: tuple[ProgramPlan, ...] = tuple(_plan(key) for key in _KINDS)
