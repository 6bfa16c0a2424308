"""Mentorships formed in three ways, stored as real domain events (outcomes by origin).

Window [2023-01-01, 2024-12-31], follow-up 12 months; everyone hired 2020-01-10 at level 2.
Mentors M1-M3 (never leave). Each mentee's latest survey answer counts (pairing fit,
confidence).

First choice (request to (M1, M2), M1 accepts): made 2023-02-01, started 2023-02-10
  F1 completed 2023-08-01   survey 3/2 on 2023-03-01, then 5/4   promoted 2023-06-01
  F2 completed 2023-09-01   survey 4/3                           left (voluntary) 2023-12-01
  F3 completed 2023-10-01   survey 4/4                           left 2024-06-01 (after follow-up)
  F4 no-fault  2023-05-01   survey 2/2                           promoted 2024-03-01 (after)
  F5 still running          survey 5/5
  F6 started 2024-03-05 (follow-up ends 2025-03-05: not followed), completed 2024-09-01, 4/3
  → ended 5, completed 4; fit 24/6 = 4, confidence 21/6 = 3.5; followed 5: 1 leaver,
    1 promoted.
Later choice (made 2023-03-01, M1 declines and it is forwarded to M2 that day, M2 accepts
2023-03-10; L5 is declined
by M1 and M2 and accepted by M3, its third choice): started 2023-03-10
  L1 completed 2023-09-01   survey 3/3   promoted 2023-10-01
  L2 no-fault  2023-06-01   survey 2/3   left (voluntary) 2024-03-01
  L3 no-fault  2023-07-01   survey 2/2   promoted 2024-01-15
  L4 participant left 2023-11-01 (L4 left, voluntary), survey 4/4
  L5 completed 2023-12-01   survey 3/3
  → ended 4 (suppressed), fit 14/5 = 2.8, confidence 15/5 = 3; followed 5: 2 leavers,
    2 promoted.
Assigned by an admin 2023-04-01:
  A1 completed, A2-A4 no-fault, A5 completed (all 2023-10-01); surveys A1-A4 only
  (2/3, 3/2, 2/3, 1/2: 4 respondents, suppressed); A3 left (involuntary) 2023-08-01.
  → ended 5, completed 2; followed 5: 1 leaver (0 voluntary), 0 promoted.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from domain.base import Stamp
from domain.employees import Employee
from domain.mentorships import Mentorship
from domain.requests import MentorshipRequest
from tests.integration.projections.projected import launched
from tests.integration.projections.scenario_org import EventLog

D = date
HIRED = D(2020, 1, 10)
MENTORS = ("M1", "M2", "M3")
# mentee: (end reason or None, end day, survey answers as (day, pairing fit, confidence))
FIRST = {
    "F1": ("completed", D(2023, 8, 1), [(D(2023, 3, 1), 3, 2), (D(2023, 7, 1), 5, 4)]),
    "F2": ("completed", D(2023, 9, 1), [(D(2023, 7, 1), 4, 3)]),
    "F3": ("completed", D(2023, 10, 1), [(D(2023, 7, 1), 4, 4)]),
    "F4": ("no_fault", D(2023, 5, 1), [(D(2023, 4, 1), 2, 2)]),
    "F5": (None, None, [(D(2023, 7, 1), 5, 5)]),
    "F6": ("completed", D(2024, 9, 1), [(D(2024, 8, 1), 4, 3)]),
}
LATER = {
    "L1": ("completed", D(2023, 9, 1), [(D(2023, 7, 1), 3, 3)]),
    "L2": ("no_fault", D(2023, 6, 1), [(D(2023, 5, 1), 2, 3)]),
    "L3": ("no_fault", D(2023, 7, 1), [(D(2023, 5, 1), 2, 2)]),
    "L4": ("participant_left", D(2023, 11, 1), [(D(2023, 7, 1), 4, 4)]),
    "L5": ("completed", D(2023, 12, 1), [(D(2023, 7, 1), 3, 3)]),
}
ASSIGNED = {
    "A1": ("completed", D(2023, 10, 1), [(D(2023, 7, 1), 2, 3)]),
    "A2": ("no_fault", D(2023, 10, 1), [(D(2023, 7, 1), 3, 2)]),
    "A3": ("no_fault", D(2023, 10, 1), [(D(2023, 7, 1), 2, 3)]),
    "A4": ("no_fault", D(2023, 10, 1), [(D(2023, 7, 1), 1, 2)]),
    "A5": ("completed", D(2023, 10, 1), []),
}
PROMOTIONS = {"F1": D(2023, 6, 1), "F4": D(2024, 3, 1), "L1": D(2023, 10, 1), "L3": D(2024, 1, 15)}
EXITS = {
    "F2": ("voluntary", D(2023, 12, 1)), "F3": ("voluntary", D(2024, 6, 1)),
    "L2": ("voluntary", D(2024, 3, 1)), "L4": ("voluntary", D(2023, 11, 1)),
    "A3": ("involuntary", D(2023, 8, 1)),
}
Plan = tuple[str | None, date | None, list[tuple[date, int, int]]]


def build_origin_organisation(app: EventLog) -> UUID:
    """Store every event of the organisation; returns the program's id."""
    everyone = [*MENTORS, *FIRST, *LATER, *ASSIGNED]
    people = {
        who: Employee.hire(hris_id=who, department="Sales", job_level=2, manager_id=None,
                           location="Paris", stamp=Stamp("hris", HIRED))
        for who in everyone
    }
    for who, day in PROMOTIONS.items():
        people[who].promote(new_job_level=3, stamp=Stamp("hris", day))
    for who, (reason, day) in EXITS.items():
        people[who].leave(reason=reason, stamp=Stamp("hris", day))
    app.save(*people.values())
    program = launched("Choose", D(2023, 1, 1))
    app.save(program)
    for mentee, plan in FIRST.items():
        made, started = (
            (D(2024, 3, 1), D(2024, 3, 5)) if mentee == "F6" else (D(2023, 2, 1), D(2023, 2, 10))
        )
        _request(app, program.id, mentee, ("M1", "M2"), made, [], started, plan)
    for mentee, plan in LATER.items():
        choices = ("M1", "M2", "M3") if mentee == "L5" else ("M1", "M2")
        _request(app, program.id, mentee, choices, D(2023, 3, 1), list(choices[:-1]),
                 D(2023, 3, 10), plan)
    for mentee, plan in ASSIGNED.items():
        pair = Mentorship.assign(
            mentorship_id=uuid4(), mentee_id=mentee, mentor_id="M3", program_id=program.id,
            topic="craft", stamp=Stamp("admin", D(2023, 4, 1)),
        )
        _live(pair, mentee, plan)
        app.save(pair)
    return program.id


def _request(
    app: EventLog, program_id: UUID, mentee: str, choices: tuple[str, ...], made: date,
    decliners: list[str], accepted: date, plan: Plan,
) -> None:
    """A ranked request: each of `decliners` declines (and it is forwarded), the next accepts."""
    request = MentorshipRequest.make(
        request_id=uuid4(), mentee_id=mentee, program_id=program_id, round_number=1,
        topic="craft", choices=choices, reason="private", respond_by=D(2024, 12, 31),
        stamp=Stamp(mentee, made),
    )
    for mentor in decliners:
        request.decline(mentor_id=mentor, reason="busy", stamp=Stamp(mentor, made))
        request.forward(stamp=Stamp("system", made))
    mentor = choices[len(decliners)]
    pair = Mentorship.match(
        mentee_id=mentee, mentor_id=mentor, program_id=program_id, request_id=request.id,
        topic="craft", stamp=Stamp(mentor, accepted),
    )
    request.accept(mentor_id=mentor, mentorship_id=pair.id, stamp=Stamp(mentor, accepted))
    _live(pair, mentee, plan)
    app.save(request, pair)


def _live(pair: Mentorship, mentee: str, plan: Plan) -> None:
    """The mentee's survey answers, then the end (if any)."""
    reason, ended, answers = plan
    for day, fit, confidence in answers:
        pair.answer_survey(confidence=confidence, commitment=3, org_understanding=3,
                           networking=3, pairing_fit=fit, stamp=Stamp(mentee, day))
    if reason is not None and ended is not None:
        pair.end(reason=reason, note="", stamp=Stamp(mentee, ended))

