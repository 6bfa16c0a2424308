"""Terminal tables of `mentoring report`, in the style of the demo's report (gateways/report).

Same layout as the demo's in-against-out table (gateways.report.render.terminal), but a
suppressed cell always reads "suppressed", a figure that does not exist "—", and a zero "0".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

from gateways.report.render.terminal import _pct
from projections.privacy import SUPPRESSED
from projections.queries.equity import EquityQuery, EquityResult, Share
from projections.queries.funnel import FunnelQuery, FunnelResult
from projections.queries.momentum import FIELDS as MOMENTUM_FIELDS
from projections.queries.momentum import MomentumQuery, MomentumResult
from projections.queries.options import CohortQuery
from projections.queries.results import RateComparison, RateResult
from projections.queries.skills import SkillsQuery, SkillsResult
from projections.queries.survival import SurvivalQuery, SurvivalResult
from projections.stats.proportions import Interval

EVENTS = {"retention": ("leavers", "retained"), "promotion": ("promoted", "promotion rate")}


def table(title: str, columns: Sequence[str]) -> Table:
    """A table whose first column is a label and the others figures."""
    shown = Table(title=title)
    for index, column in enumerate(columns):
        shown.add_column(column, justify="left" if index == 0 else "right")
    return shown


def cell(value: float | int | None, hidden: bool = False, percent: bool = False) -> str:
    """A figure as text: 'suppressed' when withheld for privacy, '—' when there is none."""
    if value is None:
        return "suppressed" if hidden else "—"
    if percent:
        return f"{value:.1%}"
    return f"{value:,.1f}" if isinstance(value, float) else str(value)


def interval_cell(interval: Interval | None, hidden: bool, form: str = ".1%") -> str:
    """A 95% interval as text ('suppressed' or '—' when there is none), each end in ``form``."""
    if interval is None:
        return "suppressed" if hidden else "—"
    return f"{format(interval.low, form)} – {format(interval.high, form)}"


def add_in_against_out(
    shown: Table, row: Any, side: Callable[[Any], Sequence[str]], difference: Sequence[str]
) -> None:
    """A comparison's rows: "<group>: in" and "<group>: out" (the ``side`` cells of its
    participants and of the others), then "<group>: in − out" (``difference``) in bold."""
    label = row.group or "all"
    for name, group in (("in", row.participants), ("out", row.others)):
        shown.add_row(f"{label}: {name}", *side(group))
    shown.add_row(f"{label}: in − out", *difference, style="bold")


def _add_comparison(shown: Table, row: RateComparison) -> None:
    hidden = row.participants.suppressed or row.others.suppressed
    difference = "suppressed" if hidden else (
        "—" if row.difference is None else f"{row.difference * 100:+.1f} pp"
    )
    add_in_against_out(shown, row, lambda group: (
        cell(group.headcount, group.suppressed), cell(group.events, group.suppressed),
        cell(group.rate, group.suppressed, percent=True),
        interval_cell(group.interval, group.suppressed),
    ), ("", "", difference, interval_cell(row.difference_interval, hidden)))


def print_rates(query: CohortQuery, report: RateResult, console: Console) -> None:
    """In against out per group, the difference in percentage points, the caveat."""
    events, rate = EVENTS.get(report.measure, ("events", "rate"))
    shown = table(
        f"{report.measure.capitalize()} {query.start} – {query.end} (landmark, role {query.role})",
        ("group", "headcount", events, rate, "95% interval"),
    )
    for row in report.rows:
        _add_comparison(shown, row)
    console.print(shown)
    console.print(report.warning)


def print_survival(query: SurvivalQuery, report: SurvivalResult, console: Console) -> None:
    """Each curve's size and end point, the log-rank test, the caveat."""
    shown = table(
        f"Survival {query.start} – {query.end} ({query.method})",
        ("group", "people", "exits", "last shown day", "survival", "95% interval", "note"),
    )
    for curve in report.curves:
        last = curve.points[-1] if curve.points else None
        shown.add_row(
            curve.group, cell(curve.people, curve.suppressed), cell(curve.exits, True),
            cell(last.day if last else None), _pct(last.survival) if last else "—",
            f"{last.low:.1%} – {last.high:.1%}" if last else "—", curve.note or "",
        )
    console.print(shown)
    test = report.log_rank
    console.print(
        f"log-rank χ² = {test.statistic:.2f}, p = {test.p_value:.3g}" if test
        else f"log-rank test: not given ({SUPPRESSED})"
    )
    console.print(report.warning)


def print_funnel(query: FunnelQuery, result: FunnelResult, console: Console) -> None:
    """Requests made → accepted → first session → memo, answer rates and median delays."""
    shown = table("Request funnel", (
        "group", "made", "accepted", "first session", "memo", "withdrawn", "declined",
        "expired", "days to respond", "days to first session",
    ))
    for r in result.rows:
        hidden = set(r.suppressed)
        shown.add_row(
            r.group or "all",
            *(cell(getattr(r, n), n in hidden)
              for n in ("made", "accepted", "first_session", "memo", "withdrawn")),
            cell(r.decline_rate, "decline_rate" in hidden, percent=True),
            cell(r.expiry_rate, "expiry_rate" in hidden, percent=True),
            cell(r.median_days_to_respond, "median_days_to_respond" in hidden),
            cell(r.median_days_to_first_session, "median_days_to_first_session" in hidden),
        )
    console.print(shown)


def print_momentum(query: MomentumQuery, result: MomentumResult, console: Console) -> None:
    """Per program: dormant pairs, deadlines, full mentors, waiting mentees."""
    title = f"Momentum on {query.today} (dormant after {query.dormant_days} days)"
    shown = table(title, ("program", *(f.replace("_", " ") for f in MOMENTUM_FIELDS)))
    for r in result.rows:
        shown.add_row(
            r.program or "(unnamed)",
            *(cell(getattr(r, f), f in r.suppressed) for f in MOMENTUM_FIELDS),
        )
    console.print(shown)


def _share(share: Share) -> str:
    if share.suppressed:
        return "suppressed"
    return f"{cell(share.count)} ({cell(share.share, percent=True)})"


def print_equity(query: EquityQuery, result: EquityResult, console: Console) -> None:
    """Each group's count and share in the workforce and among mentors, mentees, nominees."""
    title = f"Equity of selection on {query.day} by {query.attribute}"
    shown = table(title, ("group", "workforce", "mentors", "mentees", "nominees"))
    for r in result.rows:
        shown.add_row(
            r.group or "—", *(_share(s) for s in (r.workforce, r.mentors, r.mentees, r.nominees))
        )
    console.print(shown)


def print_skills(query: SkillsQuery, report: SkillsResult, console: Console) -> None:
    """Skills named in memos by at least 5 mentees, most widely learned first."""
    shown = table(f"Skills learned {query.start} – {query.end}", ("skill", "memos", "mentees"))
    for skill in report.skills:
        shown.add_row(skill.skill, str(skill.memos), str(skill.mentees))
    console.print(shown)
    console.print(report.note)
