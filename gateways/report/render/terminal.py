"""The report's summary tables for the terminal (rich)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from gateways.report.model import Contrast, Origins, ReportData
from projections.queries.results import GroupRate


def _pct(value: float | None) -> str:
    return "suppressed" if value is None else f"{value:.1%}"


def _contrast(table: Table, c: Contrast) -> None:
    for e in (c.inside, c.outside):
        interval = "—" if e.low is None or e.high is None else f"{e.low:.1%} – {e.high:.1%}"
        table.add_row(
            f"{c.key}: {e.label}",
            str(e.headcount or "—"),
            str(e.leavers or "—"),
            _pct(e.rate),
            interval,
        )
    difference = "suppressed" if c.difference is None else f"{c.difference * 100:+.1f} pp"
    table.add_row(f"{c.key}: in − out", "", "", difference, "", style="bold")


def print_summary(data: ReportData, console: Console) -> None:
    """Retention (landmark and naive), survival test, funnel and momentum as tables."""
    if data.world is not None:
        console.print(f"[bold]World:[/bold] {data.world.description}")
    if data.facts:
        console.print("[bold]Run:[/bold] " + "; ".join(f"{k} {v}" for k, v in data.facts))
    retention = Table(title="Retention over the window (voluntary exits)")
    for column in ("group", "headcount", "resigned", "retained", "95% interval"):
        retention.add_column(column, justify="left" if column == "group" else "right")
    _contrast(retention, data.landmark)
    _contrast(retention, data.naive)
    console.print(retention)
    for s in data.survivals:
        if s.statistic is not None and s.p_value is not None:
            console.print(
                f"Kaplan–Meier ({s.title}): log-rank χ² = {s.statistic:.1f}, p = {s.p_value:.2g}"
            )
    funnel = Table(title="Request funnel")
    for label, _ in data.funnel.stages:
        funnel.add_column(label, justify="right")
    funnel.add_column("declined", justify="right")
    funnel.add_column("expired", justify="right")
    funnel.add_row(
        *(str(v) if v is not None else "—" for _, v in data.funnel.stages),
        _pct(data.funnel.decline_rate),
        _pct(data.funnel.expiry_rate),
    )
    console.print(funnel)
    momentum = Table(title=f"Momentum on {data.momentum_day}")
    momentum.add_column("program")
    names = [name for name, _ in data.momentum[0].counts] if data.momentum else []
    for name in names:
        momentum.add_column(name.replace("_", " "), justify="right")
    for line in data.momentum:
        momentum.add_row(line.program, *("—" if v is None else str(v) for _, v in line.counts))
    console.print(momentum)
    if data.outcomes is not None:
        _origins(data.outcomes.origins, console)


def _share(rate: GroupRate) -> str:
    if rate.suppressed:
        return "suppressed"
    return "—" if rate.rate is None else f"{rate.rate:.1%} of {rate.headcount}"


def _origins(origins: Origins, console: Console) -> None:
    """Completion, retention and promotion per origin of the pair, self-chosen vs placed."""
    table = Table(title="Outcomes by how the pair was formed")
    for column in ("origin", "pairs", "completed", "retained", "promoted"):
        table.add_column(column, justify="left" if column == "origin" else "right")
    for row in origins.rows:
        table.add_row(
            row.label,
            "suppressed" if row.mentorships is None else str(row.mentorships),
            _share(row.completion),
            _share(row.retention),
            _share(row.promotion),
        )
    console.print(table)
