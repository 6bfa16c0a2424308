"""What the report shows, as plain values copied from the analytics API's results."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from projections.queries.equity import EquityRow
from projections.queries.origin_outcomes import OriginDifference, OriginOutcome
from projections.queries.skills import SkillCount
from projections.queries.stories import ProgramStories
from projections.queries.survival import CurvePoint


@dataclass(frozen=True)
class Estimate:
    """One group's retention: rate and 95% Wilson interval (None where suppressed)."""

    key: str
    label: str
    headcount: int | None
    leavers: int | None
    rate: float | None
    low: float | None
    high: float | None


@dataclass(frozen=True)
class Contrast:
    """In against out by one method (landmark or naive), with the difference and its interval."""

    key: str
    title: str
    window: tuple[date, date]
    inside: Estimate
    outside: Estimate
    difference: float | None
    difference_low: float | None
    difference_high: float | None
    method: str


@dataclass(frozen=True)
class Curve:
    """One group's survival curve; its points are the analytics API's own CurvePoint values."""

    key: str
    label: str
    people: int | None
    exits: int | None
    points: tuple[CurvePoint, ...]
    note: str | None = None


@dataclass(frozen=True)
class Survival:
    """Kaplan–Meier curves, the log-rank test and the method."""

    key: str
    title: str
    window: tuple[date, date]
    curves: tuple[Curve, ...]
    statistic: float | None
    p_value: float | None
    method: str


@dataclass(frozen=True)
class Funnel:
    """Requests made → accepted → first session → memo, with answer rates and delays."""

    window: tuple[date, date]
    stages: tuple[tuple[str, int | None], ...]
    decline_rate: float | None
    expiry_rate: float | None
    median_days_to_respond: float | None
    median_days_to_first_session: float | None


@dataclass(frozen=True)
class MomentumLine:
    """One program's momentum counts on the report day (None where suppressed)."""

    program: str
    counts: tuple[tuple[str, int | None], ...]


@dataclass(frozen=True)
class MeanChange:
    """One group's mean change in normalised rating with its 95% t interval (None: suppressed)."""

    key: str
    label: str
    people: int | None
    mean: float | None
    low: float | None
    high: float | None


@dataclass(frozen=True)
class Performance:
    """Mean rating change in against out, the difference with its Welch interval."""

    window: tuple[date, date]
    inside: MeanChange
    outside: MeanChange
    difference: float | None
    difference_low: float | None
    difference_high: float | None
    method: str


@dataclass(frozen=True)
class Equity:
    """Each group's share of the workforce against its share among mentors, mentees, nominees."""

    day: date
    attribute: str
    rows: tuple[EquityRow, ...]


@dataclass(frozen=True)
class Skills:
    """Skills named in memos by at least 5 mentees; how many others were withheld."""

    window: tuple[date, date]
    skills: tuple[SkillCount, ...]
    withheld: int
    note: str


@dataclass(frozen=True)
class Stories:
    """Success stories per program: counts only (never a title or a text)."""

    window: tuple[date, date]
    total: int
    programs: tuple[ProgramStories, ...]
    note: str


@dataclass(frozen=True)
class Origins:
    """Outcomes per origin of the pair, self-chosen against placed, and the differences."""

    window: tuple[date, date]
    follow_up_months: int
    rows: tuple[OriginOutcome, ...]
    differences: tuple[OriginDifference, ...]
    method: str
    warning: str


@dataclass(frozen=True)
class Outcomes:
    """The outcome sections beside retention: promotion, performance, equity, skills, stories,
    outcomes by how the pair was formed."""

    promotion: Contrast
    performance: Performance
    equity: Equity
    skills: Skills
    stories: Stories
    origins: Origins


@dataclass(frozen=True)
class WorldStory:
    """The synthetic world's stated effect and what really happened in it."""

    seed: int
    employees: int
    people: int
    description: str
    effect_factor: float
    selection_strength: float
    observed_factor: float


@dataclass(frozen=True)
class ReportData:
    """Everything the HTML and terminal reports show."""

    title: str
    generated_on: date
    facts: tuple[tuple[str, str], ...]
    world: WorldStory | None
    landmark: Contrast
    naive: Contrast
    warning: str
    survivals: tuple[Survival, ...]
    funnel: Funnel
    momentum_day: date
    momentum: tuple[MomentumLine, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)
    outcomes: Outcomes | None = None

    @property
    def effect_alone(self) -> float | None:
        """The landmark difference the stated hazard factor alone would give (derived).

        The out group's leaving rate q becomes 1 - (1 - q) ** factor under the factor.
        """
        out = self.landmark.outside.rate
        if self.world is None or out is None:
            return None
        leaving = 1 - out
        return leaving - (1 - (1 - leaving) ** self.world.effect_factor)
