"""Terminal tables of `mentoring report performance`, `adjusted` and `origin`.

Same conventions as the other report tables: a suppressed cell reads "suppressed", a figure
that does not exist "—". Changes in rating are on the scale normalised to 0–1.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from gateways.entrypoints.cli.report_tables import add_in_against_out, interval_cell, table
from projections.queries.adjusted_hazard import AdjustedHazardQuery, AdjustedHazardResult
from projections.queries.options import CohortQuery
from projections.queries.origin_outcomes import (
    MeanScore,
    OriginOutcome,
    OriginOutcomesQuery,
    OriginOutcomesResult,
)
from projections.queries.performance import ChangeComparison, PerformanceResult
from projections.queries.results import GroupRate, RateComparison
from projections.stats.proportions import Interval


def _table(title: str, *columns: str) -> Table:
    return table(title, columns)


def _figure(value: float | int | None, hidden: bool, form: str = "+.3f") -> str:
    if value is None:
        return "suppressed" if hidden else "—"
    return format(value, form) if isinstance(value, float) else str(value)


def _interval(interval: Interval | None, hidden: bool, form: str = "+.3f") -> str:
    return interval_cell(interval, hidden, form)


def _add_change(shown: Table, row: ChangeComparison) -> None:
    hidden = row.participants.suppressed or row.others.suppressed
    add_in_against_out(shown, row, lambda group: (
        _figure(group.people, group.suppressed), _figure(group.mean_change, group.suppressed),
        _interval(group.interval, group.suppressed),
    ), ("", _figure(row.difference, hidden), _interval(row.difference_interval, hidden)))


def print_performance(query: CohortQuery, report: PerformanceResult, console: Console) -> None:
    """Mean change in normalised rating, in against out per group, and the method."""
    shown = _table(
        f"Performance change {query.start} – {query.end} (landmark, role {query.role})",
        "group", "people", "mean change (0–1 scale)", "95% interval",
    )
    for row in report.rows:
        _add_change(shown, row)
    console.print(shown)
    console.print("Change = latest rating in the window − latest on or before the start, each "
                  "normalised to 0–1 on its own scale; t intervals, Welch for the difference.")
    console.print(report.warning)


def _rate_row(shown: Table, label: str, row: RateComparison | None) -> None:
    if row is None:
        shown.add_row(label, "—", "—")
        return
    hidden = row.participants.suppressed or row.others.suppressed
    shown.add_row(label, _figure(row.difference, hidden, "+.1%"),
                  _interval(row.difference_interval, hidden, "+.1%"))


def print_adjusted_hazard(
    query: AdjustedHazardQuery, report: AdjustedHazardResult, console: Console
) -> None:
    """The Cox hazard ratio with its interval, beside the landmark and naive comparisons."""
    shown = _table(f"Exit hazard, participating against not, {query.start} – {query.end}",
                   "estimate", "value", "95% interval")
    hidden = report.suppressed
    shown.add_row("hazard ratio (Cox, adjusted)", _figure(report.hazard_ratio, hidden, ".3f"),
                  _interval(report.interval, hidden, ".3f"), style="bold")
    _rate_row(shown, "landmark retention, in − out", report.landmark)
    _rate_row(shown, "naive ever − never retention (biased)", report.naive)
    console.print(shown)
    people = (f"people participating {_figure(report.participants, True)}, not participating "
              f"{_figure(report.others, True)}; exits {_figure(report.exits_participating, True)}"
              f" and {_figure(report.exits_not_participating, True)}")
    console.print(people)
    console.print(f"adjusted for: {', '.join(report.adjusted_for) or '—'}")
    if report.note:
        console.print(report.note)
    console.print(report.warning)


def _share(rate: GroupRate) -> str:
    if rate.suppressed or rate.rate is None or rate.interval is None:
        return "suppressed" if rate.suppressed else "—"
    return (f"{rate.rate:.1%} of {rate.headcount} "
            f"({rate.interval.low:.1%} – {rate.interval.high:.1%})")


def _score(score: MeanScore) -> str:
    if score.suppressed or score.mean is None or score.interval is None:
        return "suppressed" if score.suppressed else "—"
    return f"{score.mean:.2f} ({score.interval.low:.2f} – {score.interval.high:.2f})"


def _add_origin(shown: Table, row: OriginOutcome, style: str | None = None) -> None:
    shown.add_row(row.label, _figure(row.mentorships, True), _share(row.completion),
                  _score(row.pairing_fit), _score(row.confidence), _share(row.retention),
                  _share(row.promotion), style=style)


def print_origin_outcomes(
    query: OriginOutcomesQuery, report: OriginOutcomesResult, console: Console
) -> None:
    """Per origin and for self-chosen against placed pairs: completion, scores, retention."""
    shown = _table(
        f"Outcomes by how the pair was formed, pairs started {query.start} – {query.end} "
        f"(follow-up {query.follow_up_months} months)",
        "origin", "pairs", "completed (of ended)", "pairing fit (1–5)", "confidence (1–5)",
        "mentee retained", "mentee promoted",
    )
    for row in report.rows:
        _add_origin(shown, row)
    for row in (report.self_chosen, report.placed):
        _add_origin(shown, row, style="bold")
    console.print(shown)
    differences = _table("Self-chosen − placed", "measure", "difference", "95% interval")
    for difference in report.differences:
        form = "+.2f" if difference.measure in ("pairing_fit", "confidence") else "+.1%"
        hidden = difference.difference is None
        differences.add_row(difference.measure.replace("_", " "),
                            _figure(difference.difference, hidden, form),
                            _interval(difference.interval, hidden, form))
    console.print(differences)
    console.print(report.method)
    console.print(report.warning)
