"""Comparing a snapshot with what the system knows, and planning the HRIS messages. Pure.

For each person in the snapshot (``KnownEmployee`` is what the event log says of them):

- unknown: ``hired`` on the hire date (and ``left`` if the row has a termination dated on or
  after that hire date);
- employed: ``transferred``, ``promoted`` and ``manager_changed`` for what differs, dated
  ``as_of`` (the snapshot's date), or the termination date for a leaver; then ``left`` if the
  row has a termination dated on or after the hire date;
- left: ``rehired`` (then maybe ``left``) if the hire date is after the recorded leaving.

A row with a performance rating (``performance_rating``, ``rating_scale_max``, ``rating_date``)
adds ``performance_rated`` unless the log already holds that rating: the snapshot names no
review cycle, so the rating's date is its cycle label, and its scale starts at
``RATING_SCALE_MIN`` (1). A rating outside its scale is reported, never sent.

What the contract cannot say is reported as a notice, never sent: a lower job level, a new
location or demographic group, a different hire date, someone recorded as left whom the
snapshot shows employed without a later hire date, and someone employed who is missing from
the snapshot (not a leaver without a termination date).

Every message's ``event_id`` is derived from the person, the change and its date, so the same
change planned twice is one message to the ingestion, and the same snapshot imported twice
finds nothing left to change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from gateways.entrypoints.hris.contract import (
    Hired,
    HrisMessage,
    Left,
    ManagerChanged,
    PerformanceRated,
    Promoted,
    Rehired,
    Transferred,
)
from gateways.entrypoints.hris_import.rows import SnapshotRow

EVENT_ID_PREFIX = "snapshot"
RATING_SCALE_MIN = 1.0

MISSING = "missing"
UNSUPPORTED = "unsupported"
INCONSISTENT = "inconsistent"


@dataclass(frozen=True)
class KnownEmployee:
    """What the event log says of one person now."""

    hris_id: str
    hired_on: dt.date
    left_on: dt.date | None
    department: str
    job_level: int
    manager_id: str | None
    location: str
    demographic_group: str | None = None
    last_rating: tuple[str, float, float, float] | None = None
    """(cycle, rating, scale_min, scale_max) of the latest rating recorded."""

    @property
    def employed(self) -> bool:
        return self.left_on is None


@dataclass(frozen=True)
class Notice:
    """Something the snapshot says that is not sent: it needs a person to look at it."""

    employee_id: str
    line: int | None
    kind: str
    detail: str

    def describe(self) -> str:
        where = f"line {self.line} " if self.line is not None else ""
        return f"{where}({self.employee_id}): {self.kind}: {self.detail}"


@dataclass(frozen=True)
class ImportPlan:
    """The messages to send, in order (a person's in the order they happened), and notices."""

    messages: tuple[HrisMessage, ...]
    notices: tuple[Notice, ...]


def plan_import(
    known: Mapping[str, KnownEmployee],
    rows: Sequence[SnapshotRow],
    as_of: dt.date,
    unreadable: Collection[str] = (),
) -> ImportPlan:
    """The messages that bring the system to the snapshot, and what cannot be sent.

    ``unreadable``: employee ids of rows left out as malformed (not reported as missing).
    """
    messages: list[HrisMessage] = []
    notices: list[Notice] = []
    for row in rows:
        person = known.get(row.employee_id)
        planned = _newcomer(row) if person is None else _known(person, row, as_of)
        messages.extend(planned.messages)
        notices.extend(planned.notices)
    in_snapshot = {row.employee_id for row in rows} | set(unreadable)
    for hris_id in sorted(known):
        if hris_id not in in_snapshot and known[hris_id].employed:
            detail = "employed, but not in the snapshot and no termination date: not a leaver"
            notices.append(Notice(hris_id, None, MISSING, detail))
    return ImportPlan(tuple(messages), tuple(notices))


def event_id(employee_id: str, kind: str, day: dt.date, attributes: Mapping[str, Any]) -> str:
    """``snapshot:{employee}:{type}:{date}:{digest of what changed}`` (at most 117 chars)."""
    text = json.dumps(attributes, sort_keys=True, default=str, separators=(",", ":"))
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    return f"{EVENT_ID_PREFIX}:{employee_id}:{kind}:{day.isoformat()}:{digest}"


TYPE_NAMES: dict[type[Any], str] = {
    Hired: "hired",
    Rehired: "rehired",
    Left: "left",
    Promoted: "promoted",
    Transferred: "transferred",
    ManagerChanged: "manager_changed",
    PerformanceRated: "performance_rated",
}


def message(kind: type[Any], employee_id: str, day: dt.date, **attributes: Any) -> Any:
    """A contract message of class ``kind`` with its deterministic event id."""
    type_name = TYPE_NAMES[kind]
    return kind(
        event_id=event_id(employee_id, type_name, day, attributes),
        type=type_name,
        employee_id=employee_id,
        effective_date=day,
        **attributes,
    )


def _current_termination(row: SnapshotRow) -> dt.date | None:
    """The row's termination, when it ends the spell that began on its hire date."""
    if row.termination_date is not None and row.termination_date >= row.hire_date:
        return row.termination_date
    return None


def _rating(person: KnownEmployee | None, row: SnapshotRow, notices: list[Notice]) -> list[Any]:
    """``performance_rated`` for the row's rating, unless the log holds it already."""
    rating, top, day = row.performance_rating, row.rating_scale_max, row.rating_date
    if rating is None or top is None or day is None:
        return []
    if not RATING_SCALE_MIN <= rating <= top:
        notices.append(Notice(row.employee_id, row.line, UNSUPPORTED, f"rating {rating} is"
                              f" outside its scale {RATING_SCALE_MIN:g}..{top:g}: not sent"))
        return []
    cycle = day.isoformat()
    if person is not None and person.last_rating == (cycle, rating, RATING_SCALE_MIN, top):
        return []
    return [message(PerformanceRated, row.employee_id, day, rating=rating,
                    scale_min=RATING_SCALE_MIN, scale_max=top, cycle=cycle)]


def _leaving(row: SnapshotRow) -> list[HrisMessage]:
    end = _current_termination(row)
    if end is None:
        return []
    return [message(Left, row.employee_id, end, reason=row.termination_reason)]


def _newcomer(row: SnapshotRow) -> ImportPlan:
    return _hiring(Hired, row, None, demographic_group=row.demographic_group)


def _hiring(
    kind: type[Any], row: SnapshotRow, person: KnownEmployee | None, **extra: Any
) -> ImportPlan:
    """A hire (or rehire) of ``kind`` on the row's hire date, where the row places the person,
    then the row's rating and leaving."""
    hired = message(
        kind,
        row.employee_id,
        row.hire_date,
        department=row.department,
        job_level=row.job_level,
        manager_id=row.manager_id,
        location=row.location,
        **extra,
    )
    notices: list[Notice] = []
    rated = _rating(person, row, notices)
    return ImportPlan((hired, *rated, *_leaving(row)), tuple(notices))


def _known(person: KnownEmployee, row: SnapshotRow, as_of: dt.date) -> ImportPlan:
    if person.employed:
        return _employed(person, row, as_of)
    return _former(person, row)


def _employed(person: KnownEmployee, row: SnapshotRow, as_of: dt.date) -> ImportPlan:
    notices: list[Notice] = []

    def notice(kind: str, detail: str) -> None:
        notices.append(Notice(row.employee_id, row.line, kind, detail))

    if row.hire_date > person.hired_on:
        notice(INCONSISTENT, f"hired on {row.hire_date} in the snapshot, on {person.hired_on} as"
               " recorded: a leaving in between has no termination date; nothing sent")
        return ImportPlan((), tuple(notices))
    if row.hire_date != person.hired_on:
        notice(UNSUPPORTED, f"hire date {row.hire_date} differs from the recorded"
               f" {person.hired_on}: not changed")
    end = _current_termination(row)
    if end is not None and end < person.hired_on:
        notice(INCONSISTENT, f"terminated on {end}, before the recorded hire on"
               f" {person.hired_on}: nothing sent")
        return ImportPlan((), tuple(notices))
    day = end or as_of
    changes = _changes(person, row, day, notice)
    if changes and day < person.hired_on:
        notice(INCONSISTENT, f"changes dated {day} would precede the recorded hire on"
               f" {person.hired_on}: not sent")
        changes = []
    rated = _rating(person, row, notices)
    return ImportPlan((*changes, *rated, *_leaving(row)), tuple(notices))


def _changes(person: KnownEmployee, row: SnapshotRow, day: dt.date, notice: Any) -> list[Any]:
    who = row.employee_id
    changes: list[Any] = []
    if row.department != person.department:
        changes.append(message(Transferred, who, day, new_department=row.department))
    if row.job_level > person.job_level:
        changes.append(message(Promoted, who, day, new_level=row.job_level))
    elif row.job_level < person.job_level:
        notice(UNSUPPORTED, f"job level {row.job_level} is below the recorded"
               f" {person.job_level}: the contract has no demotion")
    if row.manager_id != person.manager_id:
        changes.append(message(ManagerChanged, who, day, new_manager_id=row.manager_id))
    if row.location != person.location:
        notice(UNSUPPORTED, f"location {row.location!r} differs from the recorded"
               f" {person.location!r}: the contract has no relocation")
    group = row.demographic_group
    if group is not None and group != person.demographic_group:
        notice(UNSUPPORTED, "demographic_group differs from the recorded one: not changed")
    return changes


def _former(person: KnownEmployee, row: SnapshotRow) -> ImportPlan:
    assert person.left_on is not None
    if row.hire_date > person.left_on:
        return _hiring(Rehired, row, person)
    end = _current_termination(row)
    if end is None:
        detail = (f"recorded as left on {person.left_on}, employed in the snapshot without a"
                  " later hire date: nothing sent")
    elif end != person.left_on:
        detail = (f"terminated on {end} in the snapshot, left on {person.left_on} as"
                  " recorded: not changed")
    else:
        return ImportPlan((), ())
    return ImportPlan((), (Notice(row.employee_id, row.line, INCONSISTENT, detail),))
