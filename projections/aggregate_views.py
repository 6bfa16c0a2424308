"""The aggregate-safe views analysts' own SQL runs on: every row a group of at least 5 people.

Each view is defined by a person-level SQL (its *source*, run on the analyst snapshot) giving
one row per unit (a person, a session, a request) with the person it is about, the view's
dimensions, flags (a subset of the people: participants, mentees) and values (averaged).
The view publishes the cube of the dimensions: a row for every combination of values at every
breakdown (every subset of the dimensions, `breakdown` naming it; `total` for none).

Suppression (`suppress`, no I/O) is applied per breakdown, in two steps:

1. primary: a row is withheld when any set of people it counts is of 1-4 people: its people,
   the flagged and the unflagged people of each flag, the people behind each averaged value;
2. complementary: for every coarser grouping (every margin, which analysts can compute or read
   at a coarser breakdown), the withheld rows of one margin group must together hold 0 or at
   least 5 people in each of those sets; otherwise the smallest row still shown in the group is
   withheld too, until nothing changes. Subtracting the shown rows from a margin therefore
   yields a figure about 0 or at least 5 people, never about one person.

Limits (docs/security.md): the protection is per view; combining figures of different views
about overlapping populations, or bounding withheld cells by linear programming over several
margins, can narrow a withheld figure to an interval, never to a shown figure about fewer than
5 people from one view's own arithmetic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from projections.privacy import is_small

TOTAL = "total"


@dataclass(frozen=True)
class AggregateView:
    """One aggregate-safe view: its person-level source and what it publishes.

    `source` yields the columns `person`, `unit`, then `dimensions`, `flags` and `values` in
    that order. `units` names the count of distinct units (None when units are the people).
    """

    name: str
    description: str
    source: str
    dimensions: tuple[str, ...]
    flags: tuple[str, ...] = ()
    values: tuple[str, ...] = ()
    units: str | None = None

    @property
    def columns(self) -> list[str]:
        """The published columns, in order."""
        counted = [self.units] if self.units else []
        means = [f"{value}_mean" for value in self.values]
        return ["breakdown", *self.dimensions, "people", *counted, *self.flags, *means]


@dataclass
class Cell:
    """The units and people behind one row of one breakdown."""

    people: set[Any] = field(default_factory=set)
    units: dict[Any, tuple[Any, ...]] = field(default_factory=dict)
    flagged: list[set[Any]] = field(default_factory=list)
    valued: list[set[Any]] = field(default_factory=list)


def suppress(view: AggregateView, rows: Iterable[Sequence[Any]]) -> list[tuple[Any, ...]]:
    """The view's published rows from its source rows, every breakdown, suppressed."""
    rows = list(rows)
    published: list[tuple[Any, ...]] = []
    width = len(view.dimensions)
    for size in range(width + 1):
        for kept in combinations(range(width), size):
            cells = _cells(view, rows, kept)
            hidden = _hidden(cells, size, lambda cell: [cell.people], set())
            flags = [_hidden(cells, size, _flag_sets(i), hidden) for i in range(len(view.flags))]
            values = [_hidden(cells, size, _value_sets(i), hidden)
                      for i in range(len(view.values))]
            published.extend(
                _row(view, kept, key, cells[key], [key in h for h in flags],
                     [key in h for h in values])
                for key in sorted(set(cells) - hidden, key=_order)
            )
    return published


def _flag_sets(index: int) -> Callable[[Cell], list[set[Any]]]:
    """The people a flag's count is about: those flagged, and (by subtraction) the others."""
    return lambda cell: [cell.flagged[index], cell.people - cell.flagged[index]]


def _value_sets(index: int) -> Callable[[Cell], list[set[Any]]]:
    """The people a mean is about: those with a value."""
    return lambda cell: [cell.valued[index]]


def _cells(
    view: AggregateView, rows: list[Sequence[Any]], kept: tuple[int, ...]
) -> dict[tuple[Any, ...], Cell]:
    width, flags = len(view.dimensions), len(view.flags)
    cells: dict[tuple[Any, ...], Cell] = {}
    for row in rows:
        person, unit, rest = row[0], row[1], row[2:]
        dims, marks, values = rest[:width], rest[width:width + flags], rest[width + flags:]
        key = tuple(dims[i] for i in kept)
        cell = cells.get(key)
        if cell is None:
            cell = cells[key] = Cell(flagged=[set() for _ in view.flags],
                                     valued=[set() for _ in view.values])
        cell.people.add(person)
        cell.units.setdefault(unit, tuple(values))
        for flagged, mark in zip(cell.flagged, marks, strict=True):
            if mark:
                flagged.add(person)
        for valued, value in zip(cell.valued, values, strict=True):
            if value is not None:
                valued.add(person)
    return cells


def _hidden(
    cells: dict[tuple[Any, ...], Cell], width: int, sets_of: Callable[[Cell], list[set[Any]]],
    start: set[tuple[Any, ...]],
) -> set[tuple[Any, ...]]:
    """The keys whose figure (about the people `sets_of` names) is withheld: `start`, those
    about 1-4 people, and the complementary ones every margin needs."""
    hidden = set(start) | {
        key for key, cell in cells.items() if any(is_small(len(p)) for p in sets_of(cell))
    }
    margins = [kept for size in range(width) for kept in combinations(range(width), size)]
    changed = True
    while changed:
        changed = False
        for kept in margins:
            for group in _groups(cells, kept).values():
                extra = _complement(cells, group, hidden, sets_of)
                if extra is not None:
                    hidden.add(extra)
                    changed = True
    return hidden


def _groups(
    cells: dict[tuple[Any, ...], Cell], kept: tuple[int, ...]
) -> dict[tuple[Any, ...], list[tuple[Any, ...]]]:
    groups: dict[tuple[Any, ...], list[tuple[Any, ...]]] = {}
    for key in cells:
        groups.setdefault(tuple(key[i] for i in kept), []).append(key)
    return groups


def _complement(
    cells: dict[tuple[Any, ...], Cell], group: list[tuple[Any, ...]],
    hidden: set[tuple[Any, ...]], sets_of: Callable[[Cell], list[set[Any]]],
) -> tuple[Any, ...] | None:
    """The next key of the group to withhold, when its withheld figures are about 1-4 people."""
    withheld = [sets_of(cells[key]) for key in group if key in hidden]
    if not withheld:
        return None
    unions = [set().union(*sets) for sets in zip(*withheld, strict=True)]
    if not any(is_small(len(people)) for people in unions):
        return None
    shown = [key for key in group if key not in hidden]
    if not shown:
        return None
    return min(shown, key=lambda key: (len(cells[key].people), _order(key)))


def _order(key: tuple[Any, ...]) -> tuple[tuple[bool, str], ...]:
    return tuple((value is None, str(value)) for value in key)


def _row(
    view: AggregateView, kept: tuple[int, ...], key: tuple[Any, ...], cell: Cell,
    flags_hidden: list[bool], values_hidden: list[bool],
) -> tuple[Any, ...]:
    """One published row; a withheld flag count or mean is NULL."""
    names = [view.dimensions[i] for i in kept]
    dims = [key[kept.index(i)] if i in kept else None for i in range(len(view.dimensions))]
    counted = [len(cell.units)] if view.units else []
    flags = [None if hidden else len(flagged)
             for flagged, hidden in zip(cell.flagged, flags_hidden, strict=True)]
    means = [None if hidden else _mean(values[i] for values in cell.units.values())
             for i, hidden in enumerate(values_hidden)]
    breakdown = ",".join(names) or TOTAL
    return (breakdown, *dims, len(cell.people), *counted, *flags, *means)


def _mean(values: Iterable[Any]) -> float | None:
    present = [float(value) for value in values if value is not None]
    return round(sum(present) / len(present), 3) if present else None


PARTICIPATED = "SELECT DISTINCT employee_id FROM participations"

VIEWS: tuple[AggregateView, ...] = (
    AggregateView(
        "workforce",
        "people employed now, by department, level and location; how many ever took part "
        "in a mentorship (as mentee or mentor), as mentee, as mentor",
        f"""SELECT e.employee_id, e.employee_id, e.department, e.level, e.location,
                   e.employee_id IN ({PARTICIPATED}),
                   e.employee_id IN ({PARTICIPATED} WHERE role = 'mentee'),
                   e.employee_id IN ({PARTICIPATED} WHERE role = 'mentor')
            FROM employees e WHERE e.employed""",
        ("department", "level", "location"), ("participants", "mentees", "mentors"),
    ),
    AggregateView(
        "hires",
        "employment spells by the year they began (hires and rehires)",
        """SELECT employee_id, employee_id || ':' || spell_no, year(hired_on)
            FROM employment_spells""",
        ("hired_year",), units="spells",
    ),
    AggregateView(
        "exits",
        "employment spells that ended, by year and whether the exit was voluntary",
        """SELECT employee_id, employee_id || ':' || spell_no, year(left_on), voluntary
            FROM employment_spells WHERE left_on IS NOT NULL""",
        ("left_year", "voluntary"), units="spells",
    ),
    AggregateView(
        "program_participation",
        "people in mentorships by program and role (mentee or mentor), and the mentorships",
        """SELECT p.employee_id, p.mentorship_id, g.name, p.role
            FROM participations p JOIN programs g USING (program_id)""",
        ("program", "role"), units="mentorships",
    ),
    AggregateView(
        "requests",
        "requests by program, year made and outcome; people are the requesting mentees",
        """SELECT r.mentee_id, r.request_id, g.name, year(r.made_on), r.outcome
            FROM requests r JOIN programs g USING (program_id)""",
        ("program", "made_year", "outcome"), units="requests",
    ),
    AggregateView(
        "sessions",
        "sessions held, by program, quarter and mode; people are both participants of "
        "each pair; duration_minutes_mean is per session",
        """SELECT p.employee_id, s.notification_id, g.name,
                   CAST(date_trunc('quarter', s.held_on) AS DATE), s.mode, s.duration_minutes
            FROM sessions s JOIN participations p USING (mentorship_id)
            JOIN programs g ON g.program_id = p.program_id""",
        ("program", "quarter", "mode"), values=("duration_minutes",), units="sessions",
    ),
    AggregateView(
        "surveys",
        "survey answers by program: the mean of each 1-5 item; people are the respondents",
        """SELECT s.respondent_id, s.notification_id, g.name, s.confidence, s.commitment,
                   s.org_understanding, s.networking, s.pairing_fit
            FROM surveys s JOIN mentorships m USING (mentorship_id)
            JOIN programs g ON g.program_id = m.program_id""",
        ("program",),
        values=("confidence", "commitment", "org_understanding", "networking", "pairing_fit"),
        units="answers",
    ),
    AggregateView(
        "ratings",
        "performance ratings by cycle and the current department, normalised to 0-1",
        """SELECT r.employee_id, r.notification_id, r.cycle, e.department,
                   (r.rating - r.scale_min) / nullif(r.scale_max - r.scale_min, 0)
            FROM performance_ratings r JOIN employees e USING (employee_id)""",
        ("cycle", "department"), values=("rating",), units="ratings",
    ),
)
"""Every aggregate-safe view analysts' own SQL can read."""
