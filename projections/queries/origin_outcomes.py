"""Outcomes by how the pair was formed: first choice, later choice, admin assignment, matching.

Population: mentorships started in [start, end] (optionally in some programs), each with its
origin from the `mentorship_origins` view. Per origin, and for self-chosen pairs (a ranked
choice of the mentee) against placed pairs (assigned or cohort-matched):

* completion: of the pairs that ended by `end` as completed or as a no-fault exit, the share
  completed (pairs that ended because someone left, or still run, are not counted);
* survey pairing fit and confidence (1-5): each participant's latest answer per mentorship
  given by `end`; the mean with a 95% t interval;
* the mentee's retention and promotion over `follow_up_months` from the mentorship's start:
  only mentorships whose follow-up window ends by `end` (so it is fully observed), each mentee
  counted once per origin (from their first such mentorship); retained = did not leave in
  (started_on, started_on + follow-up]; promoted = at least one promotion in it.

No figure describes fewer than 5 people (pairs, respondents or mentees), and none can be had
by subtracting shown origins from their aggregate (complementary suppression).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any
from uuid import UUID

import duckdb

from projections.privacy import SUPPRESSED, group_is_shown, shown_count
from projections.queries.base import AnalyticsQuery, program_filter, program_ids
from projections.queries.options import InvalidQuery
from projections.queries.results import GroupRate
from projections.stats.means import Sample, t_interval, welch_difference
from projections.stats.proportions import Interval, newcombe_difference

ORIGINS: dict[str, str] = {
    "first_choice": "mentee's first choice",
    "later_choice": "later ranked choice",
    "assigned": "admin assignment",
    "matching": "cohort matching",
}
"""The origins of a pair, in report order, with their labels."""
SELF_CHOSEN = ("first_choice", "later_choice", "request")
"""Origins in which the mentee chose the mentor ('request': a ranked choice of unknown rank)."""
AGGREGATES = {"self_chosen": "self-chosen (ranked)", "placed": "placed (assigned, matched)"}
SCORES = ("pairing_fit", "confidence")
MEASURES = ("completion", "pairing_fit", "confidence", "retention", "promotion")

ORIGIN_METHOD = (
    "Mentorships started in the window, by how the pair was formed: the mentee's first choice "
    "(the first-ranked mentor accepted the request), a later choice (a later-ranked mentor "
    "accepted after the request was forwarded), an admin assignment, or cohort matching. "
    "Completion: of the pairs that ended by the window end as completed or as a no-fault exit, "
    "the share completed (95% Wilson interval); pairs ended because someone left the company, "
    "or still running, are not counted. Pairing fit and confidence: each participant's latest "
    "survey answer (1-5) per mentorship, mean with a 95% t interval. Retention and promotion: "
    "the mentee over the follow-up months from the mentorship's start, for mentorships whose "
    "follow-up ends by the window end, each mentee once per origin (their first such "
    "mentorship); retained = did not leave in the follow-up, promoted = promoted at least once "
    "in it (95% Wilson intervals). Self-chosen − placed differences: Newcombe intervals for "
    "shares, Welch intervals for means. When one origin's figure is suppressed, the same "
    "figure of the other origins in its aggregate is too, so no subtraction reveals it."
)
ORIGIN_WARNING = (
    "How a pair was formed is not randomised: mentees who rank mentors themselves may differ "
    "from those who are assigned or matched (engagement, seniority, program), so differences "
    "are associations, not effects. Groups of fewer than 5 people are suppressed."
)


@dataclass(frozen=True)
class MeanScore:
    """A survey score's mean over a group's answers; every figure None below 5 respondents."""

    respondents: int | None
    answers: int | None
    mean: float | None
    interval: Interval | None
    suppressed: bool
    note: str | None = None

    @classmethod
    def of(cls, respondents: int, sample: Sample | None) -> MeanScore:
        """From the distinct respondents and the summarised answers (None: no answer)."""
        if sample is None or respondents == 0:
            return cls(0, 0, None, None, False)
        if not group_is_shown(respondents):
            return cls(None, None, None, None, True, SUPPRESSED)
        return cls(respondents, sample.n, sample.mean, t_interval(sample), False)


@dataclass(frozen=True)
class OriginOutcome:
    """One origin's (or one aggregate's) figures; None where fewer than 5 people."""

    origin: str
    label: str
    mentorships: int | None
    mentees: int | None
    completion: GroupRate
    """headcount: pairs ended completed or no-fault; events: completed; rate: share completed."""
    pairing_fit: MeanScore
    confidence: MeanScore
    retention: GroupRate
    """headcount: mentees followed; events: leavers; rate: share retained."""
    promotion: GroupRate
    """headcount: mentees followed; events: promoted; rate: share promoted."""


@dataclass(frozen=True)
class OriginDifference:
    """Self-chosen minus placed for one measure (None when either side is suppressed)."""

    measure: str
    difference: float | None
    interval: Interval | None


@dataclass(frozen=True)
class OriginOutcomesResult:
    """The question, one row per origin, the two aggregates, their differences, the method."""

    query: OriginOutcomesQuery
    rows: list[OriginOutcome]
    self_chosen: OriginOutcome
    placed: OriginOutcome
    differences: list[OriginDifference]
    method: str
    warning: str


ORIGIN_SQL = """
WITH cohort AS (
    SELECT origin, mentorship_id, mentee_id, started_on, ended_on, end_reason,
           CAST(started_on + to_months($months) AS DATE) AS follow_up_end
    FROM mentorship_origins
    WHERE started_on BETWEEN $start AND $end AND {programs}
),
cells AS (
    SELECT origin AS cell, * EXCLUDE (origin) FROM cohort
    UNION ALL
    SELECT CASE WHEN list_contains($self_chosen, origin) THEN 'self_chosen' ELSE 'placed' END,
           * EXCLUDE (origin)
    FROM cohort
),
pairs AS (
    SELECT cell, count(*) AS mentorships, count(DISTINCT mentee_id) AS mentees,
           count(*) FILTER (WHERE end_reason IN ('completed', 'no_fault') AND ended_on <= $end)
               AS ended,
           count(*) FILTER (WHERE end_reason = 'completed' AND ended_on <= $end) AS completed
    FROM cells GROUP BY cell
),
answers AS (
    SELECT mentorship_id, respondent_id, pairing_fit, confidence FROM surveys
    WHERE answered_on <= $end
    QUALIFY row_number() OVER (PARTITION BY mentorship_id, respondent_id
                               ORDER BY answered_on DESC, notification_id DESC) = 1
),
scores AS (
    SELECT c.cell, count(DISTINCT a.respondent_id) AS respondents, count(*) AS answers,
           sum(a.pairing_fit) AS fit_total, sum(a.pairing_fit * a.pairing_fit) AS fit_squares,
           sum(a.confidence) AS confidence_total,
           sum(a.confidence * a.confidence) AS confidence_squares
    FROM cells c JOIN answers a ON a.mentorship_id = c.mentorship_id GROUP BY c.cell
),
followed AS (
    SELECT cell, mentee_id, started_on, follow_up_end FROM cells WHERE follow_up_end <= $end
    QUALIFY row_number() OVER (PARTITION BY cell, mentee_id
                               ORDER BY started_on, mentorship_id) = 1
),
promoted AS (
    SELECT DISTINCT f.cell, f.mentee_id FROM followed f
    JOIN promotions p ON p.employee_id = f.mentee_id
        AND p.effective_date > f.started_on AND p.effective_date <= f.follow_up_end
),
fates AS (
    SELECT f.cell, count(*) AS people,
           count(*) FILTER (WHERE s.left_on > f.started_on AND s.left_on <= f.follow_up_end
                            {voluntary}) AS leavers,
           count(pr.mentee_id) AS promoted
    FROM followed f
    JOIN employment_spells s ON s.employee_id = f.mentee_id AND s.hired_on <= f.started_on
        AND (s.left_on IS NULL OR s.left_on > f.started_on)
    LEFT JOIN promoted pr ON pr.cell = f.cell AND pr.mentee_id = f.mentee_id
    GROUP BY f.cell
)
SELECT p.cell, p.mentorships, p.mentees, p.ended, p.completed,
       coalesce(sc.respondents, 0), coalesce(sc.answers, 0), sc.fit_total, sc.fit_squares,
       sc.confidence_total, sc.confidence_squares,
       coalesce(ft.people, 0), coalesce(ft.leavers, 0), coalesce(ft.promoted, 0)
FROM pairs p LEFT JOIN scores sc ON sc.cell = p.cell LEFT JOIN fates ft ON ft.cell = p.cell
"""


@dataclass(frozen=True)
class CellCounts:
    """What the SQL counts for one origin (or aggregate), before suppression."""

    mentorships: int = 0
    mentees: int = 0
    ended: int = 0
    completed: int = 0
    respondents: int = 0
    samples: tuple[Sample | None, Sample | None] = (None, None)
    people: int = 0
    leavers: int = 0
    promoted: int = 0

    @classmethod
    def of_row(cls, row: tuple[Any, ...]) -> CellCounts:
        """From one result row of ORIGIN_SQL (after its cell name)."""
        mentorships, mentees, ended, completed, respondents, answers = map(int, row[:6])
        fit = _sample(answers, row[6], row[7])
        confidence = _sample(answers, row[8], row[9])
        people, leavers, promoted = map(int, row[10:13])
        return cls(mentorships, mentees, ended, completed, respondents, (fit, confidence),
                   people, leavers, promoted)

    def outcome(self, origin: str, label: str) -> OriginOutcome:
        """The cell's figures, suppressed where fewer than 5 people."""
        return OriginOutcome(
            origin, label, shown_count(self.mentorships), shown_count(self.mentees),
            _rate(self.ended, self.completed, rate_of_events=True),
            MeanScore.of(self.respondents, self.samples[0]),
            MeanScore.of(self.respondents, self.samples[1]),
            _rate(self.people, self.leavers, rate_of_events=False),
            _rate(self.people, self.promoted, rate_of_events=True),
        )


def _rate(headcount: int, events: int, rate_of_events: bool) -> GroupRate:
    """A share, or an empty group shown as zero (it describes nobody)."""
    if headcount == 0:
        return GroupRate(0, 0, None, None, False)
    return GroupRate.of(headcount, events, rate_of_events)


def _sample(n: int, total: Any, squares: Any) -> Sample | None:
    if n == 0 or total is None:
        return None
    if n == 1:
        return Sample(1, float(total), 0.0)
    return Sample.of_sums(n, float(total), float(squares))


def _hidden(figure: GroupRate | MeanScore) -> GroupRate | MeanScore:
    if isinstance(figure, GroupRate):
        return GroupRate(None, None, None, None, True, SUPPRESSED)
    return MeanScore(None, None, None, None, True, SUPPRESSED)


def _is_zero(figure: GroupRate | MeanScore) -> bool:
    count = figure.headcount if isinstance(figure, GroupRate) else figure.respondents
    return count == 0


def protect_siblings(rows: list[OriginOutcome]) -> list[OriginOutcome]:
    """Complementary suppression: an aggregate (self-chosen, placed) minus its shown members
    would reveal a suppressed member, so when one member's figure is suppressed, the same
    figure of its siblings is suppressed too (zeros stay: they describe nobody)."""
    chosen = [r for r in rows if r.origin in SELF_CHOSEN]
    placed = [r for r in rows if r.origin not in SELF_CHOSEN]
    protected = {}
    for members in (chosen, placed):
        changes: dict[str, dict[str, Any]] = {r.origin: {} for r in members}
        if any(r.mentorships is None for r in members):
            for r in members:
                if r.mentorships != 0:
                    changes[r.origin].update(mentorships=None, mentees=None)
        for measure in MEASURES:
            if any(getattr(r, measure).suppressed for r in members):
                for r in members:
                    if not _is_zero(getattr(r, measure)):
                        changes[r.origin][measure] = _hidden(getattr(r, measure))
        protected.update({r.origin: replace(r, **changes[r.origin]) for r in members})
    return [protected[r.origin] for r in rows]


def differences(chosen: CellCounts, placed: CellCounts) -> list[OriginDifference]:
    """Self-chosen minus placed, per measure; None where either side is suppressed."""
    shares = (
        ("completion", (chosen.completed, chosen.ended), (placed.completed, placed.ended)),
        ("retention", (chosen.people - chosen.leavers, chosen.people),
         (placed.people - placed.leavers, placed.people)),
        ("promotion", (chosen.promoted, chosen.people), (placed.promoted, placed.people)),
    )
    result = []
    for measure, (s_a, n_a), (s_b, n_b) in shares:
        if group_is_shown(n_a) and group_is_shown(n_b):
            result.append(OriginDifference(measure, *newcombe_difference(s_a, n_a, s_b, n_b)))
        else:
            result.append(OriginDifference(measure, None, None))
    for index, measure in enumerate(SCORES):
        a, b = chosen.samples[index], placed.samples[index]
        shown = group_is_shown(chosen.respondents) and group_is_shown(placed.respondents)
        if shown and a is not None and b is not None:
            result.append(OriginDifference(measure, *welch_difference(a, b)))
        else:
            result.append(OriginDifference(measure, None, None))
    return result


@dataclass(frozen=True)
class OriginOutcomesQuery(AnalyticsQuery[OriginOutcomesResult]):
    """Outcomes of the mentorships started in [start, end], by how each pair was formed.

    `follow_up_months`: the mentee's retention and promotion window from the mentorship's
    start; `voluntary_only`: only voluntary exits count as leaving.
    """

    start: date
    end: date
    follow_up_months: int = 12
    programs: tuple[UUID, ...] = ()
    voluntary_only: bool = False

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise InvalidQuery(f"the window must end after it starts ({self.start}..{self.end})")
        if not 1 <= self.follow_up_months <= 120:
            raise InvalidQuery(f"follow-up of {self.follow_up_months} months is not 1-120")

    def run(self, connection: duckdb.DuckDBPyConnection) -> OriginOutcomesResult:
        """Per origin and aggregate: completion, survey scores, retention and promotion."""
        sql = ORIGIN_SQL.format(
            programs=program_filter("program_id"),
            voluntary="AND s.voluntary" if self.voluntary_only else "",
        )
        parameters = {
            "start": self.start, "end": self.end, "months": self.follow_up_months,
            "programs": program_ids(self.programs), "self_chosen": list(SELF_CHOSEN),
        }
        cells = {
            str(row[0]): CellCounts.of_row(row[1:])
            for row in connection.execute(sql, parameters).fetchall()
        }
        names = [*ORIGINS, *sorted(set(cells) - set(ORIGINS) - set(AGGREGATES))]
        rows = protect_siblings(
            [cells.get(o, CellCounts()).outcome(o, ORIGINS.get(o, o)) for o in names]
        )
        chosen, placed = (cells.get(name, CellCounts()) for name in AGGREGATES)
        return OriginOutcomesResult(
            self, rows, chosen.outcome("self_chosen", AGGREGATES["self_chosen"]),
            placed.outcome("placed", AGGREGATES["placed"]), differences(chosen, placed),
            ORIGIN_METHOD, ORIGIN_WARNING,
        )
