"""Fill an event log with a synthetic organisation: many employees, pairs, sessions, exits."""

from __future__ import annotations

import random
from datetime import date, timedelta
from uuid import uuid4

from eventsourcing.domain import Aggregate

from domain.base import Stamp
from domain.employees import Employee
from domain.mentorships import Mentorship
from domain.programs import ConflictRules, Program
from tests.integration.projections.scenario_org import EventLog

DEPARTMENTS = ("Sales", "Eng", "Ops", "Finance")
ADMIN = Stamp("admin", date(2020, 1, 1))
HR_TOPICS = ("Hired", "Promoted", "Transferred", "ManagerChanged", "Left", "Rehired")


def fill(app: EventLog, employees: int, seed: int = 7) -> None:
    """Store about 5 events per employee, in chunks of one save per 200 employees."""
    rng = random.Random(seed)
    program = Program.launch(
        program_id=uuid4(), name="Grow", program_type="general", goal="grow",
        formality="structured", starts_on=date(2020, 1, 1), ends_on=None,
        meeting_cadence="monthly", executive_sponsor_id="CEO", rules=ConflictRules(),
        stamp=ADMIN,
    )
    program.open_next_round(round_name="one", departments=(), stamp=ADMIN)
    app.save(program)
    pending: list[Aggregate] = []
    for number in range(employees):
        hired = date(2018, 1, 1) + timedelta(days=rng.randrange(1500))
        person = Employee.hire(
            hris_id=f"E{number}", department=rng.choice(DEPARTMENTS), job_level=1,
            manager_id=None, location="Paris", demographic_group=rng.choice("AB"),
            stamp=Stamp("hris", hired),
        )
        person.promote(new_job_level=2, stamp=Stamp("hris", hired + timedelta(days=200)))
        person.transfer(
            new_department=rng.choice(DEPARTMENTS),
            stamp=Stamp("hris", hired + timedelta(days=300)),
        )
        pending.append(person)
        if number % 3 == 0 and number:
            pair = Mentorship.assign(
                mentorship_id=uuid4(), mentee_id=f"E{number}", mentor_id=f"E{number - 1}",
                program_id=program.id, topic="t",
                stamp=Stamp("admin", hired + timedelta(days=400)),
            )
            mentee = Stamp(f"E{number}", hired + timedelta(days=420))
            pair.answer_kickoff(
                participant_id=mentee.actor, goals="g", communication="c", off_limits="o",
                confidentiality="k", stamp=mentee,
            )
            pair.hold_session(
                duration_minutes=45, mode="virtual", topics=("t", "u"), stamp=mentee
            )
            pair.file_memo(skills=("pricing", "sql"), text="private", stamp=mentee)
            pair.answer_survey(
                confidence=4, commitment=5, org_understanding=3, networking=2, pairing_fit=5,
                stamp=mentee,
            )
            pending.append(pair)
        if number % 7 == 0 and number:
            person.change_manager(
                new_manager_id=f"E{number - 1}", stamp=Stamp("hris", hired + timedelta(days=350))
            )
        if rng.random() < 0.3:
            left = hired + timedelta(days=500 + rng.randrange(500))
            person.leave(reason=rng.choice(("voluntary", "involuntary")), stamp=Stamp("hris", left))
            if number % 5 == 0:
                person.rehire(
                    department="Ops", job_level=2, manager_id=None, location="Lyon",
                    stamp=Stamp("hris", left + timedelta(days=90)),
                )
        if len(pending) >= 200:
            app.save(*pending)
            pending = []
    if pending:
        app.save(*pending)
