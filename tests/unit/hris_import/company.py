"""A 1,000-person company and its next snapshot with every kind of change, as CSV text.

``first_snapshot()`` is the company at 2024-12-31; ``second_snapshot()`` six months later,
with ``expected`` holding, per person, exactly the messages the change should produce (type,
date, attributes) and the notices and bad lines it should report.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from gateways.entrypoints.hris.contract import HrisMessage
from gateways.entrypoints.hris_import.diff import KnownEmployee
from gateways.entrypoints.hris_import.mapping import COLUMNS

FIRST_AS_OF = dt.date(2024, 12, 31)
SECOND_AS_OF = dt.date(2025, 6, 30)
DEPARTMENTS = ("Sales", "Engineering", "Finance", "Operations", "People")
LOCATIONS = ("Leeds", "Lisbon", "Lyon")
REASONS = ("voluntary", "involuntary", "retirement")
PEOPLE = 1000


def hris_id(number: int) -> str:
    return f"E{number:04d}"


@dataclass(frozen=True)
class Person:
    """One row of a snapshot."""

    employee_id: str
    hire_date: dt.date
    department: str
    job_level: int
    manager_id: str | None
    location: str
    demographic_group: str | None = None
    termination_date: dt.date | None = None
    termination_reason: str | None = None
    performance_rating: str = ""

    def cells(self) -> dict[str, str]:
        return {
            "employee_id": self.employee_id,
            "hire_date": self.hire_date.isoformat(),
            "termination_date": self.termination_date.isoformat() if self.termination_date else "",
            "termination_reason": self.termination_reason or "",
            "department": self.department,
            "job_level": str(self.job_level),
            "manager_id": self.manager_id or "",
            "location": self.location,
            "demographic_group": self.demographic_group or "",
            "performance_rating": self.performance_rating,
            "rating_scale_max": "5" if self.performance_rating else "",
            "rating_date": "2024-12-01" if self.performance_rating else "",
        }


Expected = tuple[str, dt.date, dict[str, Any]]


@dataclass
class Snapshot:
    """A snapshot's CSV text and what importing it should do."""

    text: str
    as_of: dt.date
    messages: dict[str, list[Expected]] = field(default_factory=lambda: defaultdict(list))
    notices: dict[str, str] = field(default_factory=dict)  # employee -> kind
    bad_lines: dict[int, str] = field(default_factory=dict)  # line -> employee (or "")


def company() -> list[Person]:
    """The 1,000 people of the first snapshot; the last 20 have left by then."""
    people = []
    for n in range(1, PEOPLE + 1):
        hired = dt.date(2015, 1, 1) + dt.timedelta(days=n * 3)
        person = Person(
            employee_id=hris_id(n),
            hire_date=hired,
            department=DEPARTMENTS[n % 5],
            job_level=1 + n % 8,
            manager_id=None if n == 1 else hris_id((n - 1) // 10 + 1),
            location=LOCATIONS[n % 3],
            demographic_group="ABC"[n % 3],
        )
        if n > PEOPLE - 20:
            person = replace(person, termination_date=hired + dt.timedelta(days=400),
                             termination_reason="voluntary")
        people.append(person)
    return people


def hired(person: Person) -> Expected:
    return ("hired", person.hire_date, {
        "department": person.department, "job_level": person.job_level,
        "manager_id": person.manager_id, "location": person.location,
        "demographic_group": person.demographic_group,
    })


def rehired(person: Person) -> Expected:
    return ("rehired", person.hire_date, {
        "department": person.department, "job_level": person.job_level,
        "manager_id": person.manager_id, "location": person.location,
    })


def left(person: Person) -> Expected:
    assert person.termination_date is not None
    return ("left", person.termination_date, {"reason": person.termination_reason})


def first_snapshot() -> Snapshot:
    """Everyone is new to an empty system: 1,000 hires, 20 of them left since."""
    people = company()
    snapshot = Snapshot(to_csv(people), FIRST_AS_OF)
    for person in people:
        snapshot.messages[person.employee_id].append(hired(person))
        if person.termination_date:
            snapshot.messages[person.employee_id].append(left(person))
    return snapshot


def second_snapshot() -> Snapshot:
    """Six months on: every kind of change, things the contract cannot say, bad rows."""
    people = {p.employee_id: p for p in company()}
    expect: dict[str, list[Expected]] = defaultdict(list)
    notices: dict[str, str] = {}
    day = SECOND_AS_OF

    def change(n: int, **fields: Any) -> Person:
        people[hris_id(n)] = replace(people[hris_id(n)], **fields)
        return people[hris_id(n)]

    for n in range(2, 32):  # leavers
        p = change(n, termination_date=dt.date(2025, 5, 31), termination_reason=REASONS[n % 3])
        expect[p.employee_id].append(left(p))
    for n in range(32, 37):  # promoted on the way out: dated the last day
        old = people[hris_id(n)]
        p = change(n, job_level=old.job_level + 1, termination_date=dt.date(2025, 5, 15),
                   termination_reason="retirement")
        expect[p.employee_id] += [("promoted", dt.date(2025, 5, 15), {"new_level": p.job_level}),
                                  left(p)]
    for n in range(100, 140):
        p = change(n, job_level=people[hris_id(n)].job_level + 1)
        expect[p.employee_id].append(("promoted", day, {"new_level": p.job_level}))
    for n in range(200, 240):
        p = change(n, department="Legal")
        expect[p.employee_id].append(("transferred", day, {"new_department": "Legal"}))
    for n in range(300, 340):
        p = change(n, manager_id=hris_id(2))
        expect[p.employee_id].append(("manager_changed", day, {"new_manager_id": hris_id(2)}))
    for n in range(340, 345):
        p = change(n, manager_id=None)
        expect[p.employee_id].append(("manager_changed", day, {"new_manager_id": None}))
    for n in range(400, 410):  # three changes at once, in the contract's order
        old = people[hris_id(n)]
        p = change(n, department="Legal", job_level=old.job_level + 2, manager_id=hris_id(3))
        expect[p.employee_id] += [
            ("transferred", day, {"new_department": "Legal"}),
            ("promoted", day, {"new_level": p.job_level}),
            ("manager_changed", day, {"new_manager_id": hris_id(3)}),
        ]
    for n in range(981, 986):  # back again
        p = change(n, hire_date=dt.date(2025, 2, 1), termination_date=None,
                   termination_reason=None, department="Sales")
        expect[p.employee_id].append(rehired(p))
    for n in range(986, 989):  # back, and gone again
        p = change(n, hire_date=dt.date(2025, 1, 15), termination_date=dt.date(2025, 4, 30),
                   termination_reason="involuntary")
        expect[p.employee_id] += [rehired(p), left(p)]
    demoted = [n for n in range(500, 600) if people[hris_id(n)].job_level > 1][:5]
    for n in demoted:
        change(n, job_level=people[hris_id(n)].job_level - 1)
        notices[hris_id(n)] = "unsupported"
    for n in range(600, 605):
        change(n, location="Lagos")
        notices[hris_id(n)] = "unsupported"
    for n in range(700, 705):
        del people[hris_id(n)]
        notices[hris_id(n)] = "missing"
    change(900, performance_rating="great")  # a malformed rating: a warning, the row is used
    for n in range(910, 915):  # rated in the last review (on a 1-5 scale, dated 2024-12-01)
        p = change(n, performance_rating="4")
        expect[p.employee_id].append(rated(p, 4.0))
    change(915, performance_rating="7")  # outside its scale: reported, not sent
    notices[hris_id(915)] = "unsupported"
    newcomers = [
        Person(hris_id(n), dt.date(2025, 3, 1), DEPARTMENTS[n % 5], 2, hris_id(4),
               LOCATIONS[n % 3], "B")
        for n in range(1001, 1051)
    ]
    for p in newcomers:
        expect[p.employee_id].append(hired(p))
    bad = _bad_rows(people)
    rows = [*people.values(), *newcomers]
    text = to_csv(rows, [cells for _, cells in bad])
    header_and_rows = 1 + len(rows)
    snapshot = Snapshot(text, day, expect, notices)
    for offset, (employee, _) in enumerate(bad, start=1):
        snapshot.bad_lines[header_and_rows + offset] = employee
    return snapshot


def _bad_rows(people: dict[str, Person]) -> list[tuple[str, list[str]]]:
    """Malformed rows for five existing people (whose good rows are removed) and a newcomer."""
    bad: list[tuple[str, list[str]]] = []
    spoil = {
        800: {"job_level": "twelve"},
        801: {"hire_date": "2020-13-45"},
        802: {"termination_date": "2025-06-01"},  # no reason
        803: {"termination_date": "2025-06-01", "termination_reason": "fired"},
        804: {"department": ""},
    }
    for n, fields in spoil.items():
        person = people.pop(hris_id(n))
        cells = {**person.cells(), **fields}
        bad.append((person.employee_id, [cells[c] for c in COLUMNS]))
    bad.append(("E2000", ["E2000", "2025-01-01", "", ""]))  # too few fields
    return bad


def to_csv(people: list[Person], extra: list[list[str]] | None = None) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for person in people:
        cells = person.cells()
        writer.writerow([cells[c] for c in COLUMNS])
    for cells_list in extra or []:
        writer.writerow(cells_list)
    return out.getvalue()


def rated(p: Person, rating: float) -> Expected:
    """The performance_rated message a row's rating becomes (its date is the cycle's label)."""
    day = dt.date(2024, 12, 1)
    fields = {"rating": rating, "scale_min": 1.0, "scale_max": 5.0, "cycle": day.isoformat()}
    return ("performance_rated", day, fields)


def as_expected(messages: tuple[HrisMessage, ...]) -> dict[str, list[Expected]]:
    """Planned messages in the shape of ``Snapshot.messages`` (event ids aside)."""
    planned: dict[str, list[Expected]] = defaultdict(list)
    for m in messages:
        common = {"event_id", "type", "employee_id", "effective_date"}
        ignored = {"demographic_group"} if m.type == "rehired" else set()  # rehires ignore it
        fields = m.model_dump(exclude=common | ignored)
        planned[m.employee_id].append((m.type, m.effective_date, fields))
    return planned


def fold(known: dict[str, KnownEmployee], messages: tuple[HrisMessage, ...]) -> None:
    """What the service's employees become when the messages are applied (in place)."""
    for m in messages:
        if m.type == "hired":
            known[m.employee_id] = KnownEmployee(
                m.employee_id, m.effective_date, None, m.department, m.job_level,
                m.manager_id, m.location, m.demographic_group,
            )
            continue
        person = known[m.employee_id]
        if m.type == "rehired":
            person = replace(person, hired_on=m.effective_date, left_on=None,
                             department=m.department, job_level=m.job_level,
                             manager_id=m.manager_id, location=m.location)
        elif m.type == "left":
            person = replace(person, left_on=m.effective_date)
        elif m.type == "promoted":
            person = replace(person, job_level=m.new_level)
        elif m.type == "transferred":
            person = replace(person, department=m.new_department)
        elif m.type == "performance_rated":
            person = replace(
                person, last_rating=(m.cycle, m.rating, m.scale_min, m.scale_max)
            )
        else:
            person = replace(person, manager_id=m.new_manager_id)
        known[m.employee_id] = person
