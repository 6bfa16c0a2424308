"""Properties over random command sequences (hypothesis), on the in-memory store.

Whatever the order of requests, answers, expiries, assignments, ends and leavers:
- a mentor's active mentees never exceed the capacity;
- no pair breaking a conflict rule is ever matched;
- nobody who has left is in an active mentorship, and no mentorship starts after a leave;
- every request ends in exactly one final state.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.base import Stamp
from domain.errors import DomainError
from domain.mentors import MentorEnrolment
from domain.mentorships import Mentorship
from domain.requests import PENDING, MentorshipRequest
from services.mentoring import MentoringService
from services.mentorships import AssignPair
from services.requests import (
    AcceptRequest,
    DeclineRequest,
    ExpireRequest,
    MakeRequest,
    WithdrawRequest,
)
from tests.services.scenario import Scenario

#: The org chart: P1 and P3 report to P0, P2 to P1, P4 to P3; P5-P7 report to nobody.
ORG: dict[str, str | None] = {
    "P0": None,
    "P1": "P0",
    "P2": "P1",
    "P3": "P0",
    "P4": "P3",
    "P5": None,
    "P6": None,
    "P7": None,
}
PEOPLE = sorted(ORG)
START = date(2024, 3, 1)

people = st.sampled_from(PEOPLE)
index = st.integers(min_value=0, max_value=30)
step = st.integers(min_value=0, max_value=3)
long_step = st.integers(min_value=0, max_value=20)
requests = st.tuples(
    st.just("request"), people, st.lists(people, min_size=1, max_size=2, unique=True)
)
acceptances = st.tuples(st.just("accept"), index, step)
commands = st.one_of(
    requests,
    requests,
    acceptances,
    acceptances,
    st.tuples(st.just("decline"), index, step),
    st.tuples(st.just("withdraw"), index, step),
    st.tuples(st.just("expire"), index, long_step),
    st.tuples(st.just("assign"), people, people),
    st.tuples(st.just("end"), index, step),
    st.tuples(st.just("leave"), people, step),
)
scripts = st.lists(commands, min_size=8, max_size=30)
setups = st.tuples(
    st.fixed_dictionaries({p: st.integers(min_value=1, max_value=2) for p in PEOPLE}),
    st.sets(people, min_size=4),
)


@dataclass
class Run:
    """One random run: the service, the ids it returned, the business day."""

    service: MentoringService
    program_id: UUID
    capacities: dict[str, int]
    trained: set[str]
    day: date = START
    requests: list[UUID] = field(default_factory=list)
    mentorships: list[UUID] = field(default_factory=list)
    script: list[tuple[Any, ...]] = field(default_factory=list)

    def pick(self, ids: list[UUID], n: int) -> UUID | None:
        return ids[n % len(ids)] if ids else None

    def __repr__(self) -> str:
        """What a falsifying example needs to be replayed: the set-up and the script."""
        return f"Run(capacities={self.capacities}, trained={self.trained}, script={self.script})"


def _start(capacities: dict[str, int], trained: set[str]) -> Run:
    service = MentoringService(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    world = Scenario(service)
    for person in PEOPLE:
        world.hire(person, manager_id=ORG[person], job_level=5)
    world.program(forbid_same_manager=True, reporting_line_levels=2)
    for person in PEOPLE:
        world.mentee(world.program_id, person, topics=("sales",))
        if person in capacities:
            world.mentor(
                world.program_id, person, capacity=capacities[person], trained=person in trained
            )
    return Run(service, world.program_id, capacities, trained)


def _apply(run: Run, command: tuple[Any, ...]) -> None:
    service, name = run.service, command[0]
    program_id = run.program_id
    if len(command) == 3 and isinstance(command[2], int):
        run.day += timedelta(days=command[2])
    day = run.day
    if name == "request":
        mentee, choices = str(command[1]), tuple(command[2])
        run.requests.append(
            service.handle(
                MakeRequest(
                    stamp=Stamp(mentee, day),
                    program_id=program_id,
                    topic="sales",
                    choices=choices,
                    reason="learn",
                    respond_by=day + timedelta(days=10),
                )
            )
        )
    elif name == "assign":
        run.mentorships.append(
            service.handle(
                AssignPair(
                    stamp=Stamp("admin:A1", day),
                    program_id=program_id,
                    mentee_id=str(command[1]),
                    mentor_id=str(command[2]),
                    topic="sales",
                )
            )
        )
    elif name == "leave":
        Scenario(service).leave(str(command[1]), on=day, event_id=f"leave-{command[1]}")
    elif name == "end":
        mentorship_id = run.pick(run.mentorships, int(command[1]))
        if mentorship_id is not None:  # an admin may end any mentorship
            Scenario(service).end(mentorship_id, "admin:A1", on=day)
    else:
        pending = [r for r in run.requests if _request(run, r).status == PENDING]
        _answer(run, str(name), run.pick(pending, int(command[1])), day)


def _request(run: Run, request_id: UUID) -> MentorshipRequest:
    return run.service.load(MentorshipRequest, request_id)


def _answer(run: Run, name: str, request_id: UUID | None, day: date) -> None:
    if request_id is None:
        return
    service = run.service
    request = _request(run, request_id)
    if name == "accept":
        mentor = Stamp(request.mentor_id, day)
        run.mentorships.append(service.handle(AcceptRequest(stamp=mentor, request_id=request_id)))
    elif name == "decline":
        mentor = Stamp(request.mentor_id, day)
        service.handle(DeclineRequest(stamp=mentor, request_id=request_id, reason="busy"))
    elif name == "withdraw":
        mentee = Stamp(request.mentee_id, day)
        service.handle(
            WithdrawRequest(stamp=mentee, request_id=request_id, reason="changed my mind")
        )
    else:
        service.handle(ExpireRequest.on(request_id, day))


def _run(setup: tuple[dict[str, int], set[str]], script: list[tuple[Any, ...]]) -> Run:
    run = _start(*setup)
    run.script = script
    for command in script:
        # Refused commands are part of the game; the invariants must hold anyway.
        with contextlib.suppress(DomainError):
            _apply(run, command)
    return run


def _mentorships(run: Run) -> list[Mentorship]:
    return [run.service.load(Mentorship, m) for m in dict.fromkeys(run.mentorships)]


PROPERTY_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
#: A random set-up played through a random script of commands.
runs = st.builds(_run, setups, scripts)


@PROPERTY_SETTINGS
@given(runs)
def test_a_mentors_active_mentees_never_exceed_the_capacity(run: Run) -> None:
    active: dict[str, int] = {}
    for mentorship in _mentorships(run):
        if mentorship.is_active:
            active[mentorship.mentor_id] = active.get(mentorship.mentor_id, 0) + 1
    for mentor, count in active.items():
        assert count <= run.capacities[mentor]
        enrolment_id = MentorEnrolment.create_id(run.program_id, mentor)
        enrolment = run.service.load(MentorEnrolment, enrolment_id)
        assert len(enrolment.mentees) == count


def _reporting_line(person: str, levels: int) -> list[str]:
    chain: list[str] = []
    manager = ORG[person]
    while manager is not None and len(chain) < levels:
        chain.append(manager)
        manager = ORG[manager]
    return chain


@PROPERTY_SETTINGS
@given(runs)
def test_no_conflicting_pair_is_ever_matched(run: Run) -> None:
    for mentorship in _mentorships(run):
        mentee, mentor = mentorship.mentee_id, mentorship.mentor_id
        assert mentee != mentor
        assert mentor not in _reporting_line(mentee, 2)
        assert mentee not in _reporting_line(mentor, 2)
        assert ORG[mentee] is None or ORG[mentee] != ORG[mentor]
        assert mentor in run.trained


@PROPERTY_SETTINGS
@given(runs)
def test_nobody_who_left_is_in_an_active_mentorship(run: Run) -> None:
    for mentorship in _mentorships(run):
        for person in (mentorship.mentee_id, mentorship.mentor_id):
            employee = run.service.employee(person)
            if employee.left_on is not None:
                assert not mentorship.is_active
                assert mentorship.started_on <= employee.left_on


def _final_events(events: Sequence[object]) -> list[str]:
    names = [type(e).__name__ for e in events]
    finals = []
    for position, name in enumerate(names):
        forwarded = position + 1 < len(names) and names[position + 1] == "Forwarded"
        if name in ("Accepted", "Withdrawn") or (name in ("Declined", "Expired") and not forwarded):
            finals.append(name)
    return finals


@PROPERTY_SETTINGS
@given(runs)
def test_every_request_ends_in_exactly_one_final_state(run: Run) -> None:
    far = run.day + timedelta(days=400)
    for request_id in run.requests:
        for sweep in range(4):
            run.service.handle(ExpireRequest.on(request_id, far + timedelta(days=20 * sweep)))
        request = _request(run, request_id)
        assert request.is_final
        events = list(run.service.events.get(request_id))
        finals = _final_events(events)
        assert len(finals) == 1 and finals[0] == type(events[-1]).__name__
        assert isinstance(request, MentorshipRequest)
