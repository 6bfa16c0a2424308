"""A small organisation, built as real domain events, stored in an event log and projected.

Figures the tests expect are worked out by hand in the tests from the facts listed here.

Employees (hired 2022-01-10, level 2, Paris, unless noted); department at 2024-01-01:
  Sales: M1 M2 M3 R3 O1 O2 O3 O4 O5 O8 (O8 transferred Eng -> Sales 2023-09-01)
  Eng:   R1 R2 L1 L2 O6 O7 O9 O10    (O9 transfers Eng -> Sales 2024-06-01)
  X1 (Sales) left 2023-06-30; N1 (Eng) hired 2024-02-01.
Program "Grow": round 1 opened 2023-05-01 (closed 2023-12-31), round 2 opened 2024-02-01.
Mentorships (assigned): M1-R1, M2-R2, M3-R3 from 2023-06-01 (round 1);
  L1-R1, L2-R2 from 2024-03-01 (round 2). M1-R1 ends 2024-05-31 (M1 leaves).
Exits: M1 voluntary 2024-05-31, O1 voluntary 2024-04-15, O2 involuntary 2024-06-30,
  O3 retirement 2024-08-31, O4 voluntary 2025-02-01.
Promotions: O6 2023-12-01, O5 2024-03-01, M2 2024-06-01, R1 2024-07-01, O7 2025-01-15.
Requests made 2024-06-03 (respond by 2024-06-30) -> see REQUESTS.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import JSONTranscoder

from domain.base import Stamp
from domain.employees import Employee
from domain.mentees import MenteeEnrolment
from domain.mentors import MentorEnrolment
from domain.mentorships import Mentorship
from domain.programs import ConflictRules, Program
from domain.requests import MentorshipRequest
from services.transcodings import register_extra_transcodings

HIRED = date(2022, 1, 10)
SALES = ["M1", "M2", "M3", "R3", "O1", "O2", "O3", "O4", "O5"]
ENG = ["R1", "R2", "L1", "L2", "O6", "O7", "O8", "O9", "O10"]
GROUP_A = {"M1", "M2", "M3", "R1", "R2", "R3", "L1", "L2", "O1", "O2"}

# (mentee, choices, answers as (mentor, kind, day)); session day; memo skills or None
REQUESTS = [
    ("O6", ["R3"], [("R3", "accept", date(2024, 6, 5))], date(2024, 6, 12),
     ("negotiation", "pricing")),
    ("O7", ["R3"], [("R3", "accept", date(2024, 6, 7))], date(2024, 6, 17), ("negotiation",)),
    ("O9", ["R3"], [("R3", "accept", date(2024, 6, 10))], date(2024, 6, 20), None),
    ("O10", ["R1", "R3"], [("R1", "decline", date(2024, 6, 4)),
                           ("R3", "accept", date(2024, 6, 6))], date(2024, 6, 26),
     ("Negotiation", "pricing")),
    ("N1", ["R2"], [("R2", "expire", date(2024, 7, 1))], None, None),
    ("O8", ["R2"], [("O8", "withdraw", date(2024, 6, 5))], None, None),
    ("O5", ["R3"], [("R3", "accept", date(2024, 6, 4))], date(2024, 6, 11),
     ("negotiation", "Pricing ")),
    ("O4", ["R1"], [("R1", "accept", date(2024, 6, 5))], date(2024, 6, 15),
     ("negotiation", "forecasting")),
]


class EventLog(Application[UUID]):
    """The "mentoring" event log, stored the way the services store it."""

    name = "mentoring"

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_extra_transcodings(transcoder)


def build_organisation(app: EventLog) -> dict[str, UUID]:
    """Store every event of the organisation; returns the program id under "Grow"."""
    people: dict[str, Employee] = {}

    def save(*aggregates: Aggregate) -> None:
        app.save(*aggregates)

    def hire(hris: str, department: str, day: date = HIRED) -> None:
        people[hris] = Employee.hire(
            hris_id=hris, department=department, job_level=2, manager_id=None,
            location="Paris", demographic_group="A" if hris in GROUP_A else "B",
            stamp=Stamp("hris", day),
        )
        save(people[hris])

    for hris in SALES:
        hire(hris, "Sales")
    for hris in ENG:
        hire(hris, "Eng")
    hire("X1", "Sales")
    _hr(people, save)

    program = Program.launch(
        program_id=uuid4(), name="Grow", program_type="general", goal="grow",
        formality="structured", starts_on=date(2023, 5, 1), ends_on=None,
        meeting_cadence="monthly", executive_sponsor_id="CEO", rules=ConflictRules(),
        stamp=Stamp("admin", date(2023, 5, 1)),
    )
    program.open_next_round(
        round_name="one", departments=(), stamp=Stamp("admin", date(2023, 5, 1))
    )
    save(program)
    for mentor in ("R1", "R2", "R3"):
        save(MentorEnrolment.volunteer(
            employee_id=mentor, program_id=program.id, round_number=1, topics=("sales",),
            capacity=3, hours_per_month=4, stamp=Stamp(mentor, date(2023, 5, 2)),
        ))
    for mentee in ("M1", "M2", "M3"):
        _enrol(save, program.id, mentee, 1, date(2023, 5, 15))
    pairs = {m: _assign(save, program.id, m, r, date(2023, 6, 1))
             for m, r in (("M1", "R1"), ("M2", "R2"), ("M3", "R3"))}
    program.close_round(stamp=Stamp("admin", date(2023, 12, 31)))
    program.open_next_round(
        round_name="two", departments=(), stamp=Stamp("admin", date(2024, 2, 1))
    )
    save(program)
    for mentee in ("L1", "L2"):
        _enrol(save, program.id, mentee, 2, date(2024, 2, 15))
    for m, r in (("L1", "R1"), ("L2", "R2")):
        pairs[m] = _assign(save, program.id, m, r, date(2024, 3, 1))
    _nominate(save, program.id)
    pairs["M1"].end(reason="participant_left", note="", stamp=Stamp("system", date(2024, 5, 31)))
    save(pairs["M1"])
    _exits(people, save)
    _requests(save, program.id)
    return {"Grow": program.id}


def _hris(year: int, month: int, day: int) -> Stamp:
    return Stamp("hris", date(year, month, day))


def _hr(people: dict[str, Employee], save: object) -> None:
    assert callable(save)
    people["O8"].transfer(new_department="Sales", stamp=_hris(2023, 9, 1))
    people["O9"].transfer(new_department="Sales", stamp=_hris(2024, 6, 1))
    people["O6"].promote(new_job_level=3, stamp=_hris(2023, 12, 1))
    people["O5"].promote(new_job_level=3, stamp=_hris(2024, 3, 1))
    people["M2"].promote(new_job_level=3, stamp=_hris(2024, 6, 1))
    people["R1"].promote(new_job_level=3, stamp=_hris(2024, 7, 1))
    people["O7"].promote(new_job_level=3, stamp=_hris(2025, 1, 15))
    people["X1"].leave(reason="voluntary", stamp=_hris(2023, 6, 30))
    people["N1"] = Employee.hire(
        hris_id="N1", department="Eng", job_level=1, manager_id="R1", location="Lyon",
        demographic_group="B", stamp=_hris(2024, 2, 1),
    )
    save(*people.values())


def _exits(people: dict[str, Employee], save: object) -> None:
    assert callable(save)
    people["M1"].leave(reason="voluntary", stamp=_hris(2024, 5, 31))
    people["O1"].leave(reason="voluntary", stamp=_hris(2024, 4, 15))
    people["O2"].leave(reason="involuntary", stamp=_hris(2024, 6, 30))
    people["O3"].leave(reason="retirement", stamp=_hris(2024, 8, 31))
    people["O4"].leave(reason="voluntary", stamp=_hris(2025, 2, 1))
    save(*people.values())


def _enrol(save: object, program_id: UUID, mentee: str, round_number: int, day: date) -> None:
    assert callable(save)
    save(MenteeEnrolment.enrol(
        employee_id=mentee, program_id=program_id, round_number=round_number,
        topics=("sales",), aim="private aim", stamp=Stamp(mentee, day),
    ))


def _assign(save: object, program_id: UUID, mentee: str, mentor: str, day: date) -> Mentorship:
    assert callable(save)
    pair = Mentorship.assign(
        mentorship_id=uuid4(), mentee_id=mentee, mentor_id=mentor, program_id=program_id,
        topic="sales", stamp=Stamp("admin", day),
    )
    save(pair)
    return pair


def _nominate(save: object, program_id: UUID) -> None:
    assert callable(save)
    for nominee in ("O3", "O4", "O5", "O6", "O7"):
        enrolment = MentorEnrolment.nominate(
            employee_id=nominee, program_id=program_id, round_number=2,
            stamp=Stamp("CEO", date(2024, 4, 1)),
        )
        answer = Stamp(nominee, date(2024, 4, 3))
        if nominee in ("O3", "O4", "O5"):
            enrolment.accept_nomination(
                topics=("sales",), capacity=1, hours_per_month=2, stamp=answer
            )
        else:
            enrolment.decline_nomination(reason="busy", stamp=answer)
        save(enrolment)


def _requests(save: object, program_id: UUID) -> None:
    assert callable(save)
    for mentee, choices, answers, session_on, skills in REQUESTS:
        request = MentorshipRequest.make(
            request_id=uuid4(), mentee_id=mentee, program_id=program_id, round_number=2,
            topic="sales", choices=tuple(choices), reason="private reason",
            respond_by=date(2024, 6, 30), stamp=Stamp(mentee, date(2024, 6, 3)),
        )
        pair = None
        for who, kind, day in answers:
            stamp = Stamp(who, day)
            if kind == "accept":
                pair = Mentorship.match(
                    mentee_id=mentee, mentor_id=who, program_id=program_id,
                    request_id=request.id, topic="sales", stamp=stamp,
                )
                request.accept(mentor_id=who, mentorship_id=pair.id, stamp=stamp)
            elif kind == "decline":
                request.decline(mentor_id=who, reason="full", stamp=stamp)
                request.forward(stamp=Stamp("system", day))
            elif kind == "expire":
                request.expire(stamp=Stamp("scheduler", day))
            else:
                request.withdraw(mentee_id=mentee, reason="changed my mind", stamp=stamp)
        save(request)
        if pair is not None and session_on is not None:
            pair.hold_session(
                duration_minutes=60, mode="virtual", topics=("sales",),
                stamp=Stamp(mentee, session_on),
            )
            if skills is not None:
                pair.file_memo(
                    skills=skills, text="private memo text", stamp=Stamp(mentee, date(2024, 7, 1))
                )
            save(pair)
