"""The HTML report: one self-contained file (inline CSS and SVG, no scripts, no network)."""

from __future__ import annotations

from html import escape

from gateways.report.model import Contrast, ReportData, Survival
from gateways.report.render.bars import funnel_chart, momentum_chart
from gateways.report.render.outcomes import outcome_sections
from gateways.report.render.retention_chart import difference_chart, retention_chart
from gateways.report.render.survival_chart import survival_chart

CSS = """
body{margin:0;background:#f3f4f6;color:#1f2937;
  font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}
main{max-width:800px;margin:0 auto;padding:24px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:0 0 8px}
h3{font-size:15px;margin:14px 0 0}
section{background:#fff;border-radius:10px;padding:18px 20px;margin:16px 0;
  box-shadow:0 1px 3px rgba(0,0,0,.08)}
.facts{display:grid;grid-template-columns:repeat(4,1fr);gap:10px;margin-top:14px}
.fact{background:#fff;border-radius:8px;padding:10px 12px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
.fact b{display:block;font-size:20px;color:#0f766e}.fact span{font-size:12px;color:#6b7280}
.world{border-left:5px solid #7c3aed}.note{color:#6b7280;font-size:13px}
.verdict{font-weight:600}.definition{border-left:3px solid #0f766e;padding-left:8px}
table{border-collapse:collapse;width:100%;font-size:13px;margin-top:8px}
th,td{text-align:right;padding:4px 8px;border-bottom:1px solid #e5e7eb}
th:first-child,td:first-child{text-align:left}
svg{max-width:100%;height:auto;display:block;margin:8px 0}
"""


def _pct(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "suppressed"
    return f"{value * 100:+.1f} pp" if signed else f"{value:.1%}"


def _contrast_rows(c: Contrast) -> str:
    rows = []
    for e in (c.inside, c.outside):
        interval = "suppressed" if e.low is None else f"{e.low:.1%} – {e.high:.1%}"
        rows.append(
            f'<tr data-row="{e.key}"><td>{c.key}: {escape(e.label)}</td>'
            f"<td>{e.headcount if e.headcount is not None else '—'}</td>"
            f"<td>{e.leavers if e.leavers is not None else '—'}</td>"
            f"<td>{_pct(e.rate)}</td><td>{interval}</td></tr>"
        )
    window = f"{c.window[0]} → {c.window[1]}"
    interval = ""
    if c.difference_low is not None and c.difference_high is not None:
        interval = f"{c.difference_low * 100:+.1f} – {c.difference_high * 100:+.1f} pp"
    rows.append(
        f'<tr data-row="{c.key}-difference"><td>{c.key}: difference ({window})</td>'
        f"<td></td><td></td><td>{_pct(c.difference, signed=True)}</td>"
        f"<td>{interval}</td></tr>"
    )
    return "".join(rows)


def _world(data: ReportData) -> str:
    w = data.world
    if w is None:
        return ""
    alone = data.effect_alone
    landmark, naive = data.landmark.difference, data.naive.difference
    verdict = ""
    if landmark is not None and naive is not None and landmark > 0:
        verdict = (
            f'<p class="verdict">The landmark comparison recovers the direction of the effect '
            f"({landmark * 100:+.1f} pp); the naive ever-vs-never comparison shows "
            f"{naive * 100:+.1f} pp, {naive / landmark:.1f}× as much.</p>"
        )
    elif landmark is not None:
        verdict = '<p class="verdict">The landmark comparison does not show the effect here.</p>'
    return (
        '<section class="world"><h2>The synthetic world and its known effect</h2>'
        f"<p>{escape(w.description)}</p>"
        f"<p>Seed {w.seed}; {w.employees:,} employees at the start, {w.people:,} people over "
        f"the period. In the simulation, resignations after a first mentorship ran at "
        f"<b>{w.observed_factor:.2f}×</b> the hazard those people would otherwise have had "
        f"(stated: {w.effect_factor:g}×). "
        + (
            f"Applied to the landmark 'out' group's resignation rate, the stated factor alone "
            f"would lift retention by about <b>{alone * 100:+.1f} pp</b>; the rest of any gap is "
            "selection (engaged people join more and leave less)."
            if alone is not None
            else ""
        )
        + f"</p>{verdict}</section>"
    )


def _survival(s: Survival) -> str:
    test = (
        "log-rank test unavailable (a group is too small)"
        if s.statistic is None or s.p_value is None
        else f"log-rank χ² = {s.statistic:.1f} (1 df), p = {s.p_value:.2g}"
    )
    return (
        f"<h3>{escape(s.title)} ({s.window[0]} → {s.window[1]})</h3>{survival_chart(s)}"
        f'<p>{test}</p><p class="note">{escape(s.method)}</p>'
    )


def render(data: ReportData) -> str:
    """The whole report as one HTML document."""
    facts = "".join(
        f'<div class="fact"><b>{escape(v)}</b><span>{escape(k)}</span></div>' for k, v in data.facts
    )
    f = data.funnel
    momentum_rows = "".join(
        f"<tr><td>{escape(line.program)}</td>"
        + "".join(f"<td>{'—' if v is None else v}</td>" for _, v in line.counts)
        + "</tr>"
        for line in data.momentum
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(data.title)}</title><style>{CSS}</style></head>
<body><main>
<h1>{escape(data.title)}</h1>
<div class="note">Generated {data.generated_on}. Every figure below is what the analytics API
returns for this event log.</div>
<div class="facts">{facts}</div>
{_world(data)}
<section><h2>Retention: in the program vs out of it</h2>
{retention_chart(data.landmark, data.naive)}
{difference_chart(data.landmark, data.naive, data.effect_alone)}
<table><tr><th>group</th><th>headcount</th><th>resigned</th><th>retained</th>
<th>95% interval</th></tr>
{_contrast_rows(data.landmark)}{_contrast_rows(data.naive)}</table>
<p class="note">{escape(data.landmark.method)}</p>
<p class="note"><b>{escape(data.warning)}</b></p>
<p class="note">{escape(data.naive.method)}</p></section>
<section><h2>Survival: time to resignation</h2>
{"".join(_survival(s) for s in data.survivals)}</section>
<section><h2>Request funnel ({f.window[0]} → {f.window[1]})</h2>{funnel_chart(f)}
<p>Decline rate {_pct(f.decline_rate)}, expiry rate {_pct(f.expiry_rate)} of answers asked
for; median {f.median_days_to_respond} days to respond, {f.median_days_to_first_session} days
from match to first session.</p></section>
<section><h2>Momentum on {data.momentum_day}</h2>{momentum_chart(data.momentum)}
<table><tr><th>program</th><th>dormant (30 d)</th><th>near deadline</th><th>past deadline</th>
<th>mentors at capacity</th><th>mentees waiting</th></tr>{momentum_rows}</table></section>
{outcome_sections(data.outcomes)}
{"".join(f'<p class="note">{escape(n)}</p>' for n in data.notes)}
</main></body></html>
"""
