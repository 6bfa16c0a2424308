"""Fill an event log with a synthetic organisation: many employees, pairs, sessions, exits."""

from __future__ import annotations

import random
from datetime import date, timedelta
from uuid import uuid4

from eventsourcing.domain import Aggregate

from domain.employees import Employee
from domain.mentorships import Mentorship
from domain.programs import ConflictRules, Program
from tests.integration.projections.scenario_org import EventLog

DEPARTMENTS = ("Sales", "Eng", "Ops", "Finance")
HR_TOPICS = ("Hired", "Promoted", "Transferred", "ManagerChanged", "Left", "Rehired")


def fill(app: EventLog, employees: int, seed: int = 7) -> None:
    """Store about 5 events per employee, in chunks of one save per 200 employees."""
    rng = random.Random(seed)
    program = Program.launch(
        name="Grow", program_type="general", goal="grow", formality="structured",
        starts_on=date(2020, 1, 1), ends_on=None, meeting_cadence="monthly",
        executive_sponsor_id="CEO", rules=ConflictRules(), actor="admin",
        effective_date=date(2020, 1, 1),
    )
    program.open_next_round("one", (), "admin", date(2020, 1, 1))
    app.save(program)
    pending: list[Aggregate] = []
    for number in range(employees):
        hired = date(2018, 1, 1) + timedelta(days=rng.randrange(1500))
        person = Employee(
            hris_id=f"E{number}", department=rng.choice(DEPARTMENTS), job_level=1,
            manager_id=None, location="Paris", demographic_group=rng.choice("AB"),
            actor="hris", effective_date=hired,
        )
        person.promote(2, "hris", hired + timedelta(days=200))
        person.transfer(rng.choice(DEPARTMENTS), "hris", hired + timedelta(days=300))
        pending.append(person)
        if number % 3 == 0 and number:
            pair = Mentorship.assign(
                mentorship_id=uuid4(), mentee_id=f"E{number}", mentor_id=f"E{number - 1}",
                program_id=program.id, topic="t", actor="admin",
                effective_date=hired + timedelta(days=400),
            )
            mentee, day = f"E{number}", hired + timedelta(days=420)
            pair.answer_kickoff(mentee, "g", "c", "o", "k", mentee, day)
            pair.hold_session(45, "virtual", ("t", "u"), mentee, day)
            pair.file_memo(("pricing", "sql"), "private", mentee, day)
            pair.answer_survey(4, 5, 3, 2, 5, mentee, day)
            pending.append(pair)
        if number % 7 == 0 and number:
            person.change_manager(f"E{number - 1}", "hris", hired + timedelta(days=350))
        if rng.random() < 0.3:
            left = hired + timedelta(days=500 + rng.randrange(500))
            person.leave(rng.choice(("voluntary", "involuntary")), "hris", left)
            if number % 5 == 0:
                person.rehire("Ops", 2, None, "Lyon", "hris", left + timedelta(days=90))
        if len(pending) >= 200:
            app.save(*pending)
            pending = []
    if pending:
        app.save(*pending)
