"""The report's outcome sections, each with its definition in words: promotion, performance,
equity of selection, skills learned, success stories, outcomes by how the pair was formed."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from gateways.report.model import Contrast, Equity, Origins, Outcomes, Performance, Skills, Stories
from gateways.report.render.origin_chart import origin_chart
from projections.queries.equity import Share
from projections.queries.origin_outcomes import SCORES, MeanScore, OriginDifference
from projections.queries.results import GroupRate

DEFINITIONS = {
    "promotion": (
        "Promotion rate: of everyone employed on {start}, the share promoted at least once "
        "from the day after to {end}. 'In' are the people already in a mentorship (as mentee "
        "or mentor) on {start}, 'out' everyone else; membership is fixed on that day, so "
        "people who join later cannot make the 'in' group look better by having stayed."
    ),
    "performance": (
        "Performance improvement: among people employed on {start} with a performance rating "
        "on or before it and another up to {end}, the change from the latest rating on or "
        "before {start} to the latest one after it. Each rating is first rescaled to 0–1 on "
        "its own scale ((rating − lowest) / (highest − lowest)), so ratings on a 1–4 and a "
        "1–5 scale compare. 'In' and 'out' as for promotion; the mean change per group has a "
        "95% t interval and the difference a Welch interval."
    ),
    "equity": (
        "Equity of selection: on {day}, each group's ({attribute}) share of the workforce "
        "(everyone employed) against its share among mentors, mentees and nominees of every "
        "program. A group whose share among those selected is well below its share of the "
        "workforce is under-selected."
    ),
    "skills": (
        "Skills learned: the skills mentees name in the memos they file after time with their "
        "mentor, {start} to {end}, counted by distinct mentees and by memos. Memo text is "
        "private and never reaches the analytics; a skill named by fewer than 5 mentees is "
        "counted but not named."
    ),
    "stories": (
        "Success stories: notable outcomes a program recorded, {start} to {end}, to keep its "
        "momentum (e.g. a sales team's close rate up after time with a mentor), counted by "
        "program, with how many were about one mentorship and how many people they name. "
        "Their titles and texts are not shown: stories are read in the portal."
    ),
    "origins": (
        "Outcomes by how the pair was formed: every mentorship started {start} to {end}, by "
        "origin: the mentee's first choice (the first mentor the mentee ranked accepted), a "
        "later ranked choice (a later mentor accepted after the request was forwarded), an "
        "admin assignment, or cohort matching. Self-chosen pairs (any ranked choice) are "
        "compared with placed ones (assigned or matched). Completed: of the pairs that ended "
        "as completed or as a no-fault exit, the share completed. Pairing fit and confidence: "
        "each participant's latest survey score (1–5), averaged. Retained and promoted: the "
        "mentee over the {months} months from the mentorship's start (only mentorships whose "
        "{months} months ended by {end})."
    ),
}


def _pct(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "suppressed"
    return f"{value * 100:+.1f} pp" if signed else f"{value:.1%}"


def _definition(key: str, **values: object) -> str:
    text = DEFINITIONS[key].format(**values)
    return f'<p class="definition" data-definition="{key}">{escape(text)}</p>'


def _count(value: int | None) -> str:
    return "suppressed" if value is None else f"{value:,}"


def _value(value: float | None, form: str) -> str:
    return "suppressed" if value is None else format(value, form)


def _span(low: float | None, high: float | None, form: str) -> str:
    if low is None or high is None:
        return "suppressed"
    return f"{format(low, form)} – {format(high, form)}"


Row = tuple[str, str, tuple[str, ...]]


def _table(head: tuple[str, ...], rows: Sequence[Row]) -> str:
    """A table: its header, then (data-row, data attributes, cells) per row."""
    header = "".join(f"<th>{name}</th>" for name in head)
    body = "".join(
        f'<tr data-row="{key}"{attributes}>' + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"
        for key, attributes, cells in rows
    )
    return f"<table><tr>{header}</tr>{body}</table>"


def _promotion(c: Contrast) -> str:
    rows: list[Row] = [
        (e.key, "", (escape(e.label), _count(e.headcount), _count(e.leavers), _pct(e.rate),
                     _span(e.low, e.high, ".1%")))
        for e in (c.inside, c.outside)
    ]
    rows.append(("promotion-difference", f' data-difference="{c.difference}"',
                 ("in − out", "", "", _pct(c.difference, signed=True),
                  _span(c.difference_low, c.difference_high, "+.1%"))))
    return (
        "<section><h2>Promotion: in the program vs out of it</h2>"
        + _definition("promotion", start=c.window[0], end=c.window[1])
        + _table(("group", "headcount", "promoted", "rate", "95% interval"), rows)
        + f'<p class="note">{escape(c.method)}</p></section>'
    )


def _performance(p: Performance) -> str:
    rows: list[Row] = [
        (g.key, f' data-mean="{g.mean}"', (g.label, _count(g.people), _value(g.mean, "+.3f"),
                                           _span(g.low, g.high, "+.3f")))
        for g in (p.inside, p.outside)
    ]
    rows.append(("performance-difference", f' data-difference="{p.difference}"',
                 ("in − out", "", _value(p.difference, "+.3f"),
                  _span(p.difference_low, p.difference_high, "+.3f"))))
    return (
        "<section><h2>Performance: change in rating, in vs out</h2>"
        + _definition("performance", start=p.window[0], end=p.window[1])
        + _table(("group", "people", "mean change (0–1)", "95% interval"), rows)
        + f'<p class="note">{escape(p.method)}</p></section>'
    )


def _share(share: Share) -> str:
    if share.suppressed:
        return "suppressed"
    return "—" if share.share is None else f"{share.share:.1%}"


def _equity(e: Equity) -> str:
    rows: list[Row] = [
        (f"equity-{escape(str(row.group))}", "", (escape(str(row.group)), *(
            _share(s) for s in (row.workforce, row.mentors, row.mentees, row.nominees))))
        for row in e.rows
    ]
    return (
        "<section><h2>Equity of selection</h2>"
        + _definition("equity", day=e.day, attribute=e.attribute.replace("_", " "))
        + _table(("group", "workforce", "mentors", "mentees", "nominees"), rows)
        + "</section>"
    )


def _skills(s: Skills) -> str:
    rows: list[Row] = [
        (f"skill-{escape(k.skill)}", "", (escape(k.skill), f"{k.mentees:,}", f"{k.memos:,}"))
        for k in s.skills
    ]
    return (
        "<section><h2>Skills learned, from memos</h2>"
        + _definition("skills", start=s.window[0], end=s.window[1])
        + _table(("skill", "mentees", "memos"), rows)
        + f'<p class="note">{escape(s.note)}</p></section>'
    )


def _stories(s: Stories) -> str:
    rows: list[Row] = [
        (f"stories-{escape(p.program)}", "", (
            escape(p.program), f"{p.stories:,}", f"{p.from_mentorships:,}", _count(p.people)))
        for p in s.programs
    ]
    return (
        f'<section><h2>Success stories</h2><p data-row="stories-total">{s.total:,} stories '
        "recorded.</p>"
        + _definition("stories", start=s.window[0], end=s.window[1])
        + _table(("program", "stories", "about one mentorship", "people named"), rows)
        + f'<p class="note">{escape(s.note)}</p></section>'
    )


def _rate(rate: GroupRate) -> str:
    if rate.rate is None or rate.interval is None:
        return "suppressed" if rate.suppressed else "—"
    return f"{rate.rate:.1%} of {rate.headcount} ({rate.interval.low:.0%}–{rate.interval.high:.0%})"


def _score(score: MeanScore) -> str:
    if score.mean is None or score.interval is None:
        return "suppressed" if score.suppressed else "—"
    return f"{score.mean:.2f} ({score.interval.low:.2f}–{score.interval.high:.2f})"


def _difference(d: OriginDifference) -> str:
    """'completion +5.0 pp (−1.2 – +11.0 pp)'; a score difference on the 1–5 scale."""
    name = d.measure.replace("_", " ")
    if d.difference is None or d.interval is None:
        return f"{name} suppressed"
    if d.measure in SCORES:
        return f"{name} {d.difference:+.2f} ({_span(d.interval.low, d.interval.high, '+.2f')})"
    low, high = d.interval.low * 100, d.interval.high * 100
    return f"{name} {_pct(d.difference, signed=True)} ({low:+.1f} – {high:+.1f} pp)"


def _origins(o: Origins) -> str:
    rows: list[Row] = [
        (f"origin-{row.origin}", "", (
            escape(row.label), _count(row.mentorships), _rate(row.completion),
            _score(row.pairing_fit), _score(row.confidence), _rate(row.retention),
            _rate(row.promotion)))
        for row in o.rows
    ]
    differences = "; ".join(_difference(d) for d in o.differences)
    return (
        "<section><h2>Outcomes by how the pair was formed: self-chosen vs placed</h2>"
        + _definition("origins", start=o.window[0], end=o.window[1], months=o.follow_up_months)
        + origin_chart(o)
        + _table(("origin", "pairs", "completed", "pairing fit", "confidence", "retained",
                  "promoted"), rows)
        + f"<p>Self-chosen − placed: {differences}.</p>"
        f'<p class="note">{escape(o.method)}</p><p class="note"><b>{escape(o.warning)}</b></p>'
        "</section>"
    )


def outcome_sections(outcomes: Outcomes | None) -> str:
    """Every outcome section, in report order (nothing when the report has none)."""
    if outcomes is None:
        return ""
    return "".join((
        _promotion(outcomes.promotion),
        _performance(outcomes.performance),
        _origins(outcomes.origins),
        _equity(outcomes.equity),
        _skills(outcomes.skills),
        _stories(outcomes.stories),
    ))
