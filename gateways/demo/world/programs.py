"""The mentoring programs the synthetic company runs: several types, each with its rounds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

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


PLANS: tuple[ProgramPlan, ...] = (
    ProgramPlan(
        key="welcome",
        name="Welcome buddies",
        program_type=ProgramType.NEW_HIRE,
        formality=Formality.STRUCTURED,
        goal="Every new hire has a buddy for their first six months.",
        launch_after_months=2,
        ends_after_months=None,
        cadence_days=30,
        mentorship_months=4,
        rounds=(
            RoundPlan(2, 2, ("Engineering",)),
            RoundPlan(8, 2, None),
            RoundPlan(14, 2, None),
            RoundPlan(20, 2, None),
            RoundPlan(26, 2, None),
            RoundPlan(32, 2, None),
        ),
        mentee=_new_hire,
        mentor=_buddy,
        mentee_rate=0.45,
        volunteer_rate=0.05,
        nominations=0,
        topics=("onboarding", "tools", "culture"),
        forbid_same_manager=False,
    ),
    ProgramPlan(
        key="leaders",
        name="Rising leaders",
        program_type=ProgramType.HIGH_POTENTIAL,
        formality=Formality.FORMAL,
        goal="Prepare high-potential staff for their first leadership role.",
        launch_after_months=5,
        ends_after_months=30,
        cadence_days=28,
        mentorship_months=9,
        rounds=(RoundPlan(5, 1, None), RoundPlan(17, 1, None)),
        mentee=_high_potential,
        mentor=_senior,
        mentee_rate=0.12,
        volunteer_rate=0.0,
        nominations=40,
        topics=("leadership", "strategy", "stakeholders"),
    ),
    ProgramPlan(
        key="open",
        name="Open mentoring",
        program_type=ProgramType.GENERAL,
        formality=Formality.INFORMAL,
        goal="Anyone can learn from a more experienced colleague.",
        launch_after_months=9,
        ends_after_months=None,
        cadence_days=30,
        mentorship_months=5,
        rounds=(
            RoundPlan(9, 3, ("Sales", "Customer Success")),
            RoundPlan(15, 3, ("Sales", "Customer Success", "Engineering", "Operations")),
            RoundPlan(21, 3, None),
            RoundPlan(27, 3, None),
            RoundPlan(33, 3, None),
        ),
        mentee=_anyone,
        mentor=_experienced,
        mentee_rate=0.12,
        volunteer_rate=0.08,
        nominations=10,
        topics=("career", "craft", "negotiation", "networking"),
        forbid_same_manager=True,
    ),
    ProgramPlan(
        key="reverse",
        name="Reverse mentoring",
        program_type=ProgramType.REVERSE,
        formality=Formality.INFORMAL,
        goal="Senior leaders learn from junior colleagues.",
        launch_after_months=14,
        ends_after_months=33,
        cadence_days=30,
        mentorship_months=5,
        rounds=(RoundPlan(14, 2, None), RoundPlan(24, 2, None)),
        mentee=_senior,
        mentor=_junior,
        mentee_rate=0.25,
        volunteer_rate=0.03,
        nominations=0,
        topics=("digital", "customers", "culture"),
        reverse=True,
    ),
    ProgramPlan(
        key="lift",
        name="Lift",
        program_type=ProgramType.DIVERSITY,
        formality=Formality.STRUCTURED,
        goal="Open doors for colleagues from under-represented groups.",
        launch_after_months=18,
        ends_after_months=None,
        cadence_days=28,
        mentorship_months=6,
        rounds=(RoundPlan(18, 2, None), RoundPlan(26, 2, None), RoundPlan(33, 2, None)),
        mentee=_underrepresented,
        mentor=_experienced,
        mentee_rate=0.1,
        volunteer_rate=0.04,
        nominations=15,
        topics=("career", "sponsorship", "visibility"),
    ),
)
