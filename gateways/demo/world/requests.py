"""Mentorship requests: ranked choices; each mentor accepts, declines or lets it expire."""

from __future__ import annotations

from datetime import timedelta

from domain.mentorships import Mentorship
from gateways.demo.world import pairs
from gateways.demo.world.matching import can_pair, fitting
from gateways.demo.world.office import Office, in_open_round
from gateways.demo.world.state import RequestState
from services.requests import (
    AcceptRequest,
    DeclineRequest,
    ExpireRequest,
    MakeRequest,
    WithdrawRequest,
)

RESPOND_WITHIN = timedelta(days=14)
DECLINE_REASONS = ("no time this quarter", "not my strongest topic", "about to go on leave")
WHY = ("I want to grow in {topic}", "I'd value your view on {topic}", "Help me with {topic}")


def make(office: Office, program_key: str, mentee: str, retries: int = 1) -> None:
    """The mentee asks up to three mentors, ranked, about one topic; or waits if none fit."""
    sim, rng = office.sim, office.sim.rng
    program = office.programs[program_key]
    person = sim.roster.people[mentee]
    if program.closed or not person.available_on(sim.today) or not in_open_round(program, person):
        return
    candidates = fitting(sim.roster, program, mentee, sim.today)
    if not len(candidates):
        if retries > 0 and program.open_round is not None:
            sim.at(
                sim.today + timedelta(days=14),
                lambda: make(office, program_key, mentee, retries - 1),
            )
        return
    topic = rng.choice(program.mentors[candidates.choice(rng)].topics)
    offering = candidates.offering(topic)
    choices = offering.sample(rng, min(len(offering), rng.choice((1, 2, 3, 3))))
    request = RequestState(
        sim.new_id("request"),
        program_key,
        mentee,
        choices,
        topic,
        sim.today,
        sim.today + RESPOND_WITHIN,
    )
    office.add_request(request)
    reason = rng.choice(WHY).format(topic=topic)
    sim.emit(
        MakeRequest(
            request_id=request.id,
            program_id=program.id,
            topic=topic,
            choices=choices,
            reason=reason,
            respond_by=request.respond_by,
            stamp=sim.stamp(mentee),
        )
    )
    if rng.random() < 0.03:
        sim.at(sim.today + timedelta(days=2), lambda: _withdraw(office, request))
    _ask(office, request)


def _ask(office: Office, request: RequestState) -> None:
    """The addressed mentor will accept, decline, or not answer at all."""
    sim, rng = office.sim, office.sim.rng
    mentor = sim.roster.people[request.addressed]
    answer = rng.random() + 0.05 * mentor.engagement
    if answer < 0.14:
        sim.at(request.respond_by + timedelta(days=1), lambda: _expire(office, request))
    elif answer < 0.3:
        sim.at(
            sim.today + timedelta(days=rng.randint(3, 10)), lambda: _decline(office, request, None)
        )
    else:
        sim.at(sim.today + timedelta(days=rng.randint(3, 10)), lambda: _accept(office, request))


def _accept(office: Office, request: RequestState) -> None:
    sim = office.sim
    if not request.open:
        return
    program = office.programs[request.program_key]
    mentor = request.addressed
    if program.closed:
        return
    if not sim.roster.people[mentor].available_on(sim.today):
        sim.at(request.respond_by + timedelta(days=1), lambda: _expire(office, request))
        return
    if not can_pair(sim.roster, program, request.mentee, mentor, sim.today):
        _decline(office, request, "at capacity")
        return
    request.open = False
    sim.emit(AcceptRequest(request_id=request.id, stamp=sim.stamp(mentor)))
    mentorship_id = Mentorship.id_for_request(request.id)
    pairs.start(office, request.program_key, request.mentee, mentor, mentorship_id)


def _decline(office: Office, request: RequestState, reason: str | None) -> None:
    sim = office.sim
    if not request.open:
        return
    reason = reason or sim.rng.choice(DECLINE_REASONS)
    sim.emit(
        DeclineRequest(request_id=request.id, reason=reason, stamp=sim.stamp(request.addressed))
    )
    office.declines[(request.mentee, request.addressed)] += 1
    forward(office, request)


def _expire(office: Office, request: RequestState) -> None:
    if not request.open or office.sim.today <= request.respond_by:
        return
    office.sim.emit(ExpireRequest.on(request.id, office.sim.today))
    forward(office, request)


def _withdraw(office: Office, request: RequestState) -> None:
    if request.open:
        request.open = False
        _withdrawn(office, request, "found a mentor elsewhere")


def _withdrawn(office: Office, request: RequestState, reason: str) -> None:
    office.sim.emit(
        WithdrawRequest(
            request_id=request.id, reason=reason, stamp=office.sim.stamp(request.mentee)
        )
    )


def forward(office: Office, request: RequestState) -> None:
    """The next choice still employed is asked today, with a fresh respond-by date.

    Choices who left are skipped (the system declines on their behalf); none left closes it.
    """
    people = office.sim.roster.people
    request.index += 1
    while request.index < len(request.choices) and not people[request.addressed].employed:
        request.index += 1
    if request.index >= len(request.choices):
        request.open = False
        return
    request.asked_on = office.sim.today
    request.respond_by = office.sim.today + RESPOND_WITHIN
    _ask(office, request)


def withdraw_all(office: Office, program_key: str) -> None:
    """The mentees withdraw every open request of a program that closes."""
    for request in office.requests.values():
        if request.open and request.program_key == program_key:
            request.open = False
            _withdrawn(office, request, "program closed")
