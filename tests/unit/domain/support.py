"""Given / when / then helpers for domain tests: no I/O, aggregates rebuilt from events."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any, TypeVar
from uuid import UUID, uuid4

from eventsourcing.persistence import JSONTranscoder, Mapper

from domain.base import MentoringAggregate, Stamp
from domain.employees import Employee
from domain.mentors import MentorEnrolment
from domain.programs import ConflictRules, Program
from domain.requests import MentorshipRequest
from services.transcodings import register_all_transcodings

A = TypeVar("A", bound=MentoringAggregate)

HIRED = date(2020, 1, 1)
DAY = date(2024, 3, 1)
PROGRAM_ID = UUID("00000000-0000-0000-0000-00000000000a")


def replay(events: Sequence[Any]) -> Any:
    """The aggregate the events build, with no pending events."""
    aggregate = None
    for domain_event in events:
        aggregate = domain_event.mutate(aggregate)
    return aggregate


def read_as_stored_before(domain_event: Any, *fields: str) -> Any:
    """The event as read back from a store holding it the way an earlier schema version wrote
    it: without ``fields`` and without a class version (the read upcasts it)."""
    transcoder = JSONTranscoder()
    register_all_transcodings(transcoder)
    mapper: Mapper[UUID] = Mapper(transcoder=transcoder)
    stored = mapper.to_stored_event(domain_event)
    state = transcoder.decode(stored.state)
    for name in ("class_version", *fields):
        del state[name]
    return mapper.to_domain_event(replace(stored, state=transcoder.encode(state)))


def given(aggregate: A) -> A:
    """The 'given' part: the aggregate's events so far become its history."""
    rebuilt: A = replay(aggregate.collect_events())
    return rebuilt


def new_events(aggregate: MentoringAggregate) -> list[str]:
    """The 'then' part: names of the events the 'when' part recorded."""
    return [type(e).__name__ for e in aggregate.collect_events()]


def employee(
    hris_id: str,
    *,
    manager_id: str | None = None,
    job_level: int = 5,
    department: str = "Sales",
    hired_on: date = HIRED,
) -> Employee:
    """An employee hired with these facts (events pending)."""
    return Employee.hire(
        hris_id=hris_id,
        department=department,
        job_level=job_level,
        manager_id=manager_id,
        location="Lyon",
        demographic_group=None,
        stamp=Stamp("hris", hired_on),
    )


def program(
    program_type: str = "general",
    rules: ConflictRules | None = None,
    *,
    starts_on: date = date(2024, 1, 1),
    ends_on: date = date(2024, 12, 31),
) -> Program:
    """A program launched on 2024-01-01, running 2024 unless told (events pending)."""
    return Program.launch(
        program_id=uuid4(),
        name="Grow",
        program_type=program_type,
        goal="grow people",
        formality="structured",
        starts_on=starts_on,
        ends_on=ends_on,
        meeting_cadence="biweekly",
        executive_sponsor_id="E0",
        rules=rules or ConflictRules(),
        stamp=Stamp("E0", date(2024, 1, 1)),
    )


def open_program(departments: tuple[str, ...] = ()) -> Program:
    """A program with round 1 open since 2024-02-01 (events pending)."""
    launched = program()
    launched.open_next_round(
        round_name="first", departments=departments, stamp=Stamp("E0", date(2024, 2, 1))
    )
    return launched


def mentor(capacity: int = 2, *, trained: bool = True, mentees: int = 0) -> MentorEnrolment:
    """A volunteer mentor of topic "sales", optionally trained, with some mentees taken."""
    enrolment = MentorEnrolment.volunteer(
        employee_id="M1",
        program_id=PROGRAM_ID,
        round_number=1,
        topics=("sales",),
        capacity=capacity,
        hours_per_month=4,
        stamp=Stamp("M1", DAY),
    )
    if trained:
        enrolment.complete_training(course="basics", stamp=Stamp("M1", DAY))
    for n in range(mentees):
        enrolment.take_mentee(
            mentorship_id=uuid4(), mentee_id=f"X{n}", require_training=True,
            stamp=Stamp("M1", DAY),
        )
    return enrolment


def request(
    choices: tuple[str, ...] = ("M1", "M2"), respond_by: date = date(2024, 3, 31)
) -> MentorshipRequest:
    """A pending request of mentee "T1" on topic "sales" made on 2024-03-01 (events pending)."""
    return MentorshipRequest.make(
        request_id=uuid4(),
        mentee_id="T1",
        program_id=PROGRAM_ID,
        round_number=1,
        topic="sales",
        choices=choices,
        reason="I want to sell better",
        respond_by=respond_by,
        stamp=Stamp("T1", DAY),
    )
