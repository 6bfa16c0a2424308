"""A small organisation with performance ratings, stored as real domain events.

Window [2024-01-01, 2024-12-31]; everyone hired 2022-01-10 unless noted. Ratings are
normalised to 0-1 on their own scale: (rating - min) / (max - min).

In (participants at the start: P1-P3 mentees of P4-P6 from 2023-06-01, program "Lift"):
  P1 Sales  2023-12-15 2/1-4 (1/3) -> 2024-06-30 3/1-4 (2/3)                 change +1/3
            (2025-01-15 4/1-4 is after the window: ignored)
  P2 Sales  2023-06-30 3/1-5, 2023-12-31 3/1-5 (1/2) -> 2024-06-30 4/1-5,
            2024-12-15 5/1-5 (1)                                            change +1/2
  P3 Sales  2024-01-01 2/1-5 (1/4, on the window start: a baseline) -> 2024-06-30 3/1-4 (2/3)
                                                                            change +5/12
  P4 Eng    2023-12-15 4/1-4 (1)   -> 2024-06-30 3/1-4 (2/3)                 change -1/3
  P5 Eng    2023-12-15 3/1-5 (1/2) -> 2024-06-30 4/1-5 (3/4)                 change +1/4
  P6 Eng    2023-12-15 1/1-4 (0)   -> 2024-06-30 2/1-4 (1/3)                 change +1/3
  P7 Eng    mentee of P6 from 2023-09-01; no rating before the window: left out
Out:
  O1 Sales  2023-12-15 2/1-4 (1/3) -> 2024-06-30 2/1-4 (1/3)                 change 0
  O2 Sales  2023-12-15 3/1-5 (1/2) -> 2024-06-30 3/1-5 (1/2)                 change 0
  O3 Sales  2023-12-15 2/1-4 (1/3) -> 2024-06-30 3/1-4 (2/3)                 change +1/3
  O4 Eng    2023-12-15 4/1-5 (3/4) -> 2024-06-30 3/1-5 (1/2)                 change -1/4
  O5 Eng    2023-12-15 2/1-5 (1/4) -> 2024-06-30 3/1-5 (1/2)                 change +1/4
  O6 Eng    2023-12-15 3/1-4 (2/3) -> 2024-06-30 3/1-4 (2/3), leaves 2024-09-30  change 0
  O7 Sales  2023-12-15 only: no rating in the window: left out
  O8 Sales  hired 2024-02-01 (not employed at the start), rated 2024-03-01 and 2024-06-30
  X1 Sales  rated 2023-06-30, left 2023-10-31 (not employed at the start)
"""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from domain.base import Stamp
from domain.employees import Employee
from domain.mentorships import Mentorship
from domain.programs import ConflictRules, Program
from tests.integration.projections.scenario_org import EventLog

HIRED = date(2022, 1, 10)
DEPARTMENTS = {
    "P1": "Sales", "P2": "Sales", "P3": "Sales", "P4": "Eng", "P5": "Eng", "P6": "Eng",
    "P7": "Eng", "O1": "Sales", "O2": "Sales", "O3": "Sales", "O4": "Eng", "O5": "Eng",
    "O6": "Eng", "O7": "Sales", "X1": "Sales",
}
Rating = tuple[date, float, float, float]  # day, rating, scale_min, scale_max
D = date
RATINGS: dict[str, list[Rating]] = {
    "P1": [(D(2023, 12, 15), 2, 1, 4), (D(2024, 6, 30), 3, 1, 4), (D(2025, 1, 15), 4, 1, 4)],
    "P2": [(D(2023, 6, 30), 3, 1, 5), (D(2023, 12, 31), 3, 1, 5), (D(2024, 6, 30), 4, 1, 5),
           (D(2024, 12, 15), 5, 1, 5)],
    "P3": [(D(2024, 1, 1), 2, 1, 5), (D(2024, 6, 30), 3, 1, 4)],
    "P4": [(D(2023, 12, 15), 4, 1, 4), (D(2024, 6, 30), 3, 1, 4)],
    "P5": [(D(2023, 12, 15), 3, 1, 5), (D(2024, 6, 30), 4, 1, 5)],
    "P6": [(D(2023, 12, 15), 1, 1, 4), (D(2024, 6, 30), 2, 1, 4)],
    "P7": [(D(2024, 6, 30), 3, 1, 4)],
    "O1": [(D(2023, 12, 15), 2, 1, 4), (D(2024, 6, 30), 2, 1, 4)],
    "O2": [(D(2023, 12, 15), 3, 1, 5), (D(2024, 6, 30), 3, 1, 5)],
    "O3": [(D(2023, 12, 15), 2, 1, 4), (D(2024, 6, 30), 3, 1, 4)],
    "O4": [(D(2023, 12, 15), 4, 1, 5), (D(2024, 6, 30), 3, 1, 5)],
    "O5": [(D(2023, 12, 15), 2, 1, 5), (D(2024, 6, 30), 3, 1, 5)],
    "O6": [(D(2023, 12, 15), 3, 1, 4), (D(2024, 6, 30), 3, 1, 4)],
    "O7": [(D(2023, 12, 15), 3, 1, 4)],
    "O8": [(D(2024, 3, 1), 2, 1, 4), (D(2024, 6, 30), 4, 1, 4)],
    "X1": [(D(2023, 6, 30), 2, 1, 4)],
}
IN_CHANGES = (1 / 3, 1 / 2, 5 / 12, -1 / 3, 1 / 4, 1 / 3)
OUT_CHANGES = (0.0, 0.0, 1 / 3, -1 / 4, 1 / 4, 0.0)


def hris(day: date) -> Stamp:
    """The HRIS, on ``day``."""
    return Stamp("hris", day)


def build_rated_organisation(app: EventLog) -> UUID:
    """Store every event of the organisation; returns the program's id."""
    people = {
        hris_id: Employee.hire(
            hris_id=hris_id, department=department, job_level=2, manager_id=None,
            location="Paris", stamp=hris(HIRED),
        )
        for hris_id, department in DEPARTMENTS.items()
    }
    people["O8"] = Employee.hire(
        hris_id="O8", department="Sales", job_level=1, manager_id=None, location="Lyon",
        stamp=hris(date(2024, 2, 1)),
    )
    for hris_id, ratings in RATINGS.items():
        for day, rating, low, high in ratings:
            people[hris_id].rate_performance(
                rating=rating, scale_min=low, scale_max=high, cycle=f"{day.year}-{day.month}",
                stamp=hris(day),
            )
    people["X1"].leave(reason="voluntary", stamp=hris(date(2023, 10, 31)))
    people["O6"].leave(reason="involuntary", stamp=hris(date(2024, 9, 30)))
    app.save(*people.values())
    program = Program.launch(
        program_id=uuid4(), name="Lift", program_type="general", goal="grow",
        formality="structured", starts_on=date(2023, 5, 1), ends_on=None,
        meeting_cadence="monthly", executive_sponsor_id="CEO", rules=ConflictRules(),
        stamp=Stamp("admin", date(2023, 5, 1)),
    )
    app.save(program)
    pairs = (("P1", "P4", date(2023, 6, 1)), ("P2", "P5", date(2023, 6, 1)),
             ("P3", "P6", date(2023, 6, 1)), ("P7", "P6", date(2023, 9, 1)))
    for mentee, mentor, day in pairs:
        app.save(Mentorship.assign(
            mentorship_id=uuid4(), mentee_id=mentee, mentor_id=mentor, program_id=program.id,
            topic="craft", stamp=Stamp("admin", day),
        ))
    return program.id
