"""An adjusted estimate: a Cox model of time to exit with participation as a time-varying
exposure and the covariates the HRIS knows (department, level, tenure, location).

Follow-up as in the survival view (projections.queries.survival_sql, time-varying method):
days from `start`, people hired later enter on their hire day, each person's time is split
on the day they first join (before: not participating, after: participating), censored at
`end`. Covariates are those in force on the person's first day of follow-up (department,
level, location from employee_history; tenure in years since the hire of that spell).
The hazard ratio of participation (lifelines' CoxTimeVaryingFitter) comes with its 95%
interval, next to the landmark retention comparison and the naive ever-vs-never one.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import duckdb

from projections.privacy import MIN_CELL, SUPPRESSED, shown_count
from projections.queries.base import AnalyticsQuery
from projections.queries.naive_comparison import NaiveComparisonQuery
from projections.queries.options import ParticipationWindow
from projections.queries.results import RateComparison
from projections.queries.retention import RetentionQuery
from projections.queries.survival import SurvivalQuery
from projections.queries.survival_sql import segments_sql
from projections.stats.proportions import Interval

if TYPE_CHECKING:
    import pandas as pd

COVARIATES = ("department", "level", "tenure", "location")

COVARIATES_SQL = """
WITH segments AS ({segments}),
firsts AS (
    SELECT employee_id, CAST($start AS DATE) + CAST(min(entry) AS INTEGER) AS day
    FROM segments GROUP BY employee_id
)
SELECT f.employee_id, h.department, h.level, h.location,
       date_diff('day', s.hired_on, f.day) / 365.25 AS tenure
FROM firsts f
LEFT JOIN employee_history h ON h.employee_id = f.employee_id
    AND h.valid_from <= f.day AND (h.valid_to IS NULL OR h.valid_to > f.day)
LEFT JOIN (
    SELECT employee_id, hired_on, left_on FROM employment_spells
) s ON s.employee_id = f.employee_id AND s.hired_on <= f.day
    AND (s.left_on IS NULL OR s.left_on >= f.day)
QUALIFY row_number() OVER (PARTITION BY f.employee_id ORDER BY s.hired_on DESC) = 1
"""


@dataclass(frozen=True)
class AdjustedHazardResult:
    """The hazard ratio of exit for participating against not, adjusted for the covariates.

    `hazard_ratio` < 1: participants left at a lower rate, other things (the covariates) equal.
    None (with `suppressed` and `note`) when a group has fewer than 5 people or exits, or the
    model could not be fitted.
    """

    query: AdjustedHazardQuery
    hazard_ratio: float | None
    interval: Interval | None
    p_value: float | None
    participants: int | None
    """People with some participating follow-up time."""
    others: int | None
    """People with some follow-up time before (or without) participating."""
    exits_participating: int | None
    exits_not_participating: int | None
    covariates: list[str]
    landmark: RateComparison | None
    """Landmark retention (participants at the start against the rest), for comparison."""
    naive: RateComparison | None
    """The biased ever-vs-never retention comparison, for contrast."""
    suppressed: bool = False
    note: str | None = None
    method: str = ""
    warning: str = ""
    adjusted_for: list[str] = field(default_factory=list)
    """The model's covariate columns (categories as indicators against the first category)."""


@dataclass(frozen=True)
class AdjustedHazardQuery(ParticipationWindow, AnalyticsQuery[AdjustedHazardResult]):
    """Cox model over [start, end]: exit hazard while participating against while not."""

    voluntary_only: bool = False

    def run(self, connection: duckdb.DuckDBPyConnection) -> AdjustedHazardResult:
        """Build the follow-up and covariates in SQL, fit the Cox model, add the comparisons."""
        survival = SurvivalQuery(self.start, self.end, self.role, self.programs,
                                 self.voluntary_only, "time_varying")
        segments, parameters = segments_sql(survival)
        frame = _follow_up(connection, segments, parameters)
        landmark = RetentionQuery(self.start, self.end, self.role, self.programs,
                                  voluntary_only=self.voluntary_only).run(connection).rows
        naive = NaiveComparisonQuery(self.start, self.end, self.voluntary_only).run(connection)
        counts = _counts(frame)
        people_in, people_out, exits_in, exits_out = (shown_count(c) for c in counts)
        base = AdjustedHazardResult(
            self, None, None, None, people_in, people_out, exits_in, exits_out,
            list(COVARIATES), landmark[0] if landmark else None, naive.comparison,
            method=METHOD, warning=WARNING,
        )
        if min(counts) < MIN_CELL:
            return replace(base, suppressed=True,
                            note=f"{SUPPRESSED} (or fewer than 5 exits) in a group: no estimate")
        return _fit(base, frame)


def _follow_up(
    connection: duckdb.DuckDBPyConnection, segments: str, parameters: dict[str, Any]
) -> pd.DataFrame:
    """One row per follow-up segment with the person's covariates."""
    rows = connection.execute(segments, parameters).df()
    rows = rows.rename(columns={"entry": "start", "exit": "stop", "grp": "group"})
    covariates = connection.execute(
        COVARIATES_SQL.format(segments=segments), parameters
    ).df()
    return rows.merge(covariates, on="employee_id", how="left")


def _counts(frame: pd.DataFrame) -> tuple[int, int, int, int]:
    """People and exits while participating, then while not."""
    inside, outside = frame[frame["group"] == "in"], frame[frame["group"] == "out"]
    return (
        int(inside["employee_id"].nunique()), int(outside["employee_id"].nunique()),
        int(inside["event"].sum()), int(outside["event"].sum()),
    )


def _design(frame: pd.DataFrame) -> pd.DataFrame:
    """The model's columns: start, stop, event, participating and the covariates."""
    import pandas as pd

    design = pd.DataFrame({
        "start": frame["start"].astype(float),
        "stop": frame["stop"].astype(float),
        "event": frame["event"].astype(bool),
        "participating": (frame["group"] == "in").astype(float),
        "level": pd.to_numeric(frame["level"]).astype(float),
        "tenure": pd.to_numeric(frame["tenure"]).astype(float),
    })
    design["level"] = design["level"].fillna(design["level"].median())
    design["tenure"] = design["tenure"].fillna(design["tenure"].median())
    for column in ("department", "location"):
        values = frame[column].fillna("unknown").astype(str)
        dummies = pd.get_dummies(values, prefix=column, drop_first=True, dtype=float)
        design = pd.concat([design, dummies], axis=1)
    constant = [c for c in design.columns[4:] if design[c].nunique() < 2]
    return design.drop(columns=constant)


def _fit(base: AdjustedHazardResult, frame: pd.DataFrame) -> AdjustedHazardResult:
    from lifelines import CoxTimeVaryingFitter

    design = _design(frame)
    adjusted_for = [c for c in design.columns if c not in ("start", "stop", "event",
                                                           "participating")]
    for penalizer in (0.0, 0.01):
        try:
            fitter = CoxTimeVaryingFitter(penalizer=penalizer)
            fitter.fit(design, event_col="event", start_col="start", stop_col="stop")
        except Exception:  # noqa: BLE001 - lifelines raises several kinds on non-convergence
            continue
        summary = fitter.summary.loc["participating"]
        note = None if penalizer == 0 else f"fitted with an L2 penalty of {penalizer}"
        return replace(
            base, hazard_ratio=float(summary["exp(coef)"]),
            interval=Interval(float(summary["exp(coef) lower 95%"]),
                              float(summary["exp(coef) upper 95%"])),
            p_value=float(summary["p"]), note=note, adjusted_for=adjusted_for,
        )
    return replace(base, suppressed=False, note="the model did not converge: no estimate",
                    adjusted_for=adjusted_for)


METHOD = (
    "Cox proportional-hazards model (lifelines CoxTimeVaryingFitter, Efron ties) of time to "
    "exit in days from the window start, with participation as a time-varying exposure: each "
    "person's follow-up is split on the day they first join (role/program filter), so time "
    "before joining counts as not participating. People hired later enter on their hire day; "
    "follow-up is censored at the window end. Adjusted for department and location "
    "(indicators), job level and tenure in years, as in force on the first day of follow-up. "
    "Hazard ratio of participating with its 95% Wald interval; below 1 means fewer exits."
)
WARNING = (
    "Adjusting for what the HRIS knows does not make participation random: people who choose "
    "to join may differ in ways no covariate records. The hazard ratio is an association under "
    "the model's assumptions (proportional hazards), not a causal effect. The landmark and "
    "naive comparisons are shown beside it; the naive one suffers from immortal-time bias."
)
