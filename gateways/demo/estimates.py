"""The demo's three estimates of the world's known effect on exits, beside the truth.

The synthetic world multiplies a person's voluntary exit hazard by a known factor (0.6) from
their first mentorship on. Three hazard ratios of voluntary exit, participants against the
rest, are estimated from the projections (DuckDB), each with its 95% interval:

- naive: ever joined (by the period's end) against never, over the whole period (Cox model
  with a fixed group, people hired later entering on their hire day): immortal-time bias,
  since people must stay long enough to join;
- landmark: participants at the landmark day against everyone else employed then, followed
  over the landmark retention window (Cox model with a fixed group);
- adjusted: the analytics API's Cox model over the whole period with participation as a
  time-varying exposure and the HRIS covariates (``projections.queries.adjusted_hazard``).

None of them can remove the selection the world carries: engagement, which lowers the exit
hazard and raises the odds of joining, is not in the HRIS, so no comparison or covariate sees
it, and participants' lower hazard mixes the effect with their engagement.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import duckdb

from gateways.demo.world.dates import add_months
from gateways.demo.world.params import WorldParams
from projections.analytics import Analytics
from projections.queries.adjusted_hazard import AdjustedHazardQuery
from projections.queries.performance import PerformanceQuery
from projections.queries.survival import SurvivalQuery
from projections.queries.survival_sql import BASE, segments_sql
from projections.stats.proportions import Interval

if TYPE_CHECKING:
    import pandas as pd

NAIVE_SQL = (
    BASE.format(last_entry="$end", voluntary=" AND s.voluntary")
    + """
SELECT employee_id, entry, exit, event,
       CASE WHEN joined_on IS NOT NULL AND joined_on <= $end THEN 'in' ELSE 'out' END AS grp
FROM base WHERE exit > entry ORDER BY ALL"""
)
"""Each employment spell over [start, end]: entry and exit days, voluntary exit, ever joined."""

SELECTION_NOTE = (
    "None of the three can remove the selection: engagement lowers the exit hazard and raises "
    "the odds of joining, and it is not in the HRIS. The landmark and time-varying methods "
    "remove immortal time (the naive one does not), the covariates remove differences in "
    "department, level, tenure and location, but participants stay more engaged than the "
    "people they are compared with, so every estimate mixes the effect with engagement and "
    "comes out below the known factor."
)


@dataclass(frozen=True)
class Windows:
    """The demo's windows: the whole period, and a one-year landmark window half-way."""

    first: date
    last: date
    landmark: date
    horizon: date

    @classmethod
    def of(cls, params: WorldParams) -> Windows:
        """The windows of a world."""
        landmark = add_months(params.start, params.months // 2)
        return cls(
            params.start,
            params.end - timedelta(days=1),
            landmark,
            add_months(landmark, 12) - timedelta(days=1),
        )


@dataclass(frozen=True)
class HazardEstimate:
    """One method's hazard ratio of voluntary exit, participants against the rest."""

    key: str
    label: str
    start: date
    end: date
    ratio: float | None
    interval: Interval | None

    def distance(self, known: float) -> float:
        """How far the ratio is from ``known``, on the log scale (infinite without a ratio)."""
        return abs(math.log(self.ratio / known)) if self.ratio else math.inf


@dataclass(frozen=True)
class EffectEstimates:
    """The three estimates, the known factor, and the performance comparison's difference."""

    known: float
    estimates: tuple[HazardEstimate, ...]
    performance_difference: float | None
    performance_interval: Interval | None
    performance_effect: float

    def closest(self) -> HazardEstimate | None:
        """The estimate nearest the known factor (on the log scale), if any was estimated."""
        found = [e for e in self.estimates if e.ratio is not None]
        return min(found, key=lambda e: e.distance(self.known)) if found else None

    def lines(self) -> list[str]:
        """The comparison in words, for the terminal."""
        lines = [f"Known effect on voluntary exits: hazard ratio {self.known:g}"]
        for e in self.estimates:
            lines.append(f"  {e.label:<34} {_ratio(e)}   ({e.start} to {e.end})")
        closest = self.closest()
        if closest is not None:
            lines.append(f"Closest to {self.known:g}: {closest.label}.")
        lines.append(SELECTION_NOTE)
        lines.append(
            f"Performance (known: +{self.performance_effect:g} rating points a year of "
            f"mentoring): change in - out {_difference(self)}"
        )
        return lines


def _ratio(estimate: HazardEstimate) -> str:
    if estimate.ratio is None:
        return "no estimate"
    interval = estimate.interval
    shown = f"{estimate.ratio:.2f}"
    return f"{shown} (95% {interval.low:.2f} to {interval.high:.2f})" if interval else shown


def _difference(estimates: EffectEstimates) -> str:
    difference, interval = estimates.performance_difference, estimates.performance_interval
    if difference is None:
        return "not shown (suppressed)"
    if interval is None:
        return f"{difference:+.3f}"
    return f"{difference:+.3f} (95% {interval.low:+.3f} to {interval.high:+.3f}) on a 0-1 scale"


def estimate_effects(connection: duckdb.DuckDBPyConnection, params: WorldParams) -> EffectEstimates:
    """Estimate the world's effects from its projections (DuckDB connection).

    lifelines' convergence warnings (a sparse covariate category, such as the one-person
    Executive department) are kept out of the demo's terminal.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=Warning)
        return _estimate_effects(connection, params)


def _estimate_effects(
    connection: duckdb.DuckDBPyConnection, params: WorldParams
) -> EffectEstimates:
    w = Windows.of(params)
    analytics = Analytics(connection)
    adjusted = analytics.run(AdjustedHazardQuery(w.first, w.last, voluntary_only=True))
    landmark_sql, landmark_parameters = segments_sql(
        SurvivalQuery(w.landmark, w.horizon, voluntary_only=True, method="landmark")
    )
    _, naive_parameters = segments_sql(SurvivalQuery(w.first, w.last, voluntary_only=True))
    performance = analytics.run(PerformanceQuery(w.landmark, w.horizon)).rows
    row = performance[0] if performance else None
    estimates = (
        HazardEstimate(
            "naive",
            "naive (ever vs never)",
            w.first,
            w.last,
            *_cox(connection, NAIVE_SQL, naive_parameters),
        ),
        HazardEstimate(
            "landmark",
            "landmark (in at the start vs not)",
            w.landmark,
            w.horizon,
            *_cox(connection, landmark_sql, landmark_parameters),
        ),
        HazardEstimate(
            "adjusted",
            "adjusted Cox (time-varying)",
            w.first,
            w.last,
            adjusted.hazard_ratio,
            adjusted.interval,
        ),
    )
    return EffectEstimates(
        params.effect_factor,
        estimates,
        row.difference if row else None,
        row.difference_interval if row else None,
        params.performance_effect,
    )


def _cox(
    connection: duckdb.DuckDBPyConnection, sql: str, parameters: dict[str, Any]
) -> tuple[float | None, Interval | None]:
    """The hazard ratio (and 95% interval) of group 'in' from one row per follow-up spell."""
    from lifelines import CoxPHFitter

    frame: pd.DataFrame = connection.execute(sql, parameters).df()
    if frame.empty or frame["grp"].nunique() < 2 or not frame["event"].any():
        return None, None
    design = frame.assign(
        participating=(frame["grp"] == "in").astype(float),
        event=frame["event"].astype(bool),
        entry=frame["entry"].astype(float),
        exit=frame["exit"].astype(float),
    )[["entry", "exit", "event", "participating"]]
    fitter = CoxPHFitter()
    fitter.fit(design, duration_col="exit", event_col="event", entry_col="entry")
    summary = fitter.summary.loc["participating"]
    return float(summary["exp(coef)"]), Interval(
        float(summary["exp(coef) lower 95%"]), float(summary["exp(coef) upper 95%"])
    )
