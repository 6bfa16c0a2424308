"""Programs launch, open rounds, recruit mentors (volunteered or nominated) and enrol mentees."""

from __future__ import annotations

from datetime import timedelta

from domain.base import Stamp
from gateways.demo.world import pairs, requests
from gateways.demo.world.dates import add_months
from gateways.demo.world.hazards import joining_odds
from gateways.demo.world.office import Office, in_open_round
from gateways.demo.world.people import Person
from gateways.demo.world.programs import PLANS, ProgramPlan, RoundPlan
from gateways.demo.world.state import MentorState, ProgramState
from services.enrolment import (
    AcceptNomination,
    CompleteMentorTraining,
    DeclineNomination,
    EnrolMentee,
    NominateMentor,
    VolunteerAsMentor,
)
from services.mentorships import AssignPair
from services.programs import CloseProgram, CloseRound, LaunchProgram, OpenRound


def schedule_programs(office: Office) -> None:
    """Schedule each program's launch, rounds and (for time-bound ones) its close."""
    sim = office.sim
    executives = sim.roster.executives
    for plan in PLANS:
        sponsor = sim.rng.choice(executives)
        office.programs[plan.key] = ProgramState(plan, sponsor, sim.id_of("program", plan.key))
        start = sim.params.start
        sim.at(add_months(start, plan.launch_after_months), lambda p=plan: _launch(office, p))  # type: ignore[misc]
        for round_plan in plan.rounds:
            opens = add_months(start, round_plan.opens_after_months) + timedelta(days=1)
            sim.at(opens, lambda p=plan, r=round_plan: _open_round(office, p, r))  # type: ignore[misc]
        if plan.ends_after_months is not None:
            closes = add_months(start, plan.ends_after_months)
            sim.at(closes, lambda p=plan: _close_program(office, p))  # type: ignore[misc]


def _launch(office: Office, plan: ProgramPlan) -> None:
    sim = office.sim
    program = office.programs[plan.key]
    ends_on = (
        add_months(sim.params.start, plan.ends_after_months) if plan.ends_after_months else None
    )
    sim.emit(
        LaunchProgram(
            program_id=program.id,
            name=plan.name,
            program_type=plan.program_type,
            goal=plan.goal,
            formality=plan.formality,
            starts_on=sim.today,
            ends_on=ends_on,
            meeting_cadence=f"every {plan.cadence_days} days",
            executive_sponsor_id=program.sponsor,
            forbid_same_manager=plan.forbid_same_manager,
            require_training=True,
            stamp=sim.stamp(program.sponsor),
        )
    )


def _open_round(office: Office, plan: ProgramPlan, round_plan: RoundPlan) -> None:
    sim = office.sim
    program = office.programs[plan.key]
    program.round_no += 1
    program.open_round = round_plan
    sim.emit(
        OpenRound(
            program_id=program.id,
            round_name=f"Round {program.round_no}",
            departments=round_plan.departments or (),
            stamp=sim.stamp(program.sponsor),
        )
    )
    _recruit_mentors(office, program)
    _enrol_mentees(office, program)
    closes = add_months(sim.today, round_plan.open_months)
    sim.at(closes, lambda: _close_round(office, program, program.round_no))


def _candidates(office: Office, program: ProgramState, mentors: bool) -> list[Person]:
    sim, plan = office.sim, program.plan
    eligible = plan.mentor if mentors else plan.mentee
    taken = program.mentors if mentors else program.mentees
    return [
        p
        for p in sim.roster.employed()
        if p.available_on(sim.today)
        and p.hris_id not in taken
        and p.hris_id not in program.approached
        and in_open_round(program, p)
        and eligible(p, sim.today)
    ]


def _recruit_mentors(office: Office, program: ProgramState) -> None:
    """Some candidates volunteer; executives nominate others (who may decline)."""
    sim, rng, plan = office.sim, office.sim.rng, program.plan
    candidates = _candidates(office, program, mentors=True)
    volunteers = [
        p
        for p in candidates
        if plan.volunteer_rate and rng.random() < joining_odds(sim.params, p, plan.volunteer_rate)
    ]
    for person in volunteers:
        program.approached[person.hris_id] = None  # asked once per program, either way
        delay = timedelta(days=rng.randint(0, 14))
        sim.at(sim.today + delay, lambda p=person: _volunteer(office, program, p))  # type: ignore[misc]
    volunteered = {p.hris_id for p in volunteers}
    others = [p for p in candidates if p.hris_id not in volunteered]
    for person in rng.sample(others, min(plan.nominations, len(others))):
        program.approached[person.hris_id] = None
        delay = timedelta(days=rng.randint(0, 7))
        sim.at(sim.today + delay, lambda p=person: _nominate(office, program, p))  # type: ignore[misc]


_Offer = tuple[tuple[str, ...], int, int]
"""What a mentor offers: topics, capacity (mentees at once) and hours per month."""
_JoinAsMentor = type[VolunteerAsMentor] | type[AcceptNomination]


def _offer(office: Office, program: ProgramState) -> _Offer:
    rng = office.sim.rng
    topics = tuple(rng.sample(program.plan.topics, 2))
    return topics, rng.choice((1, 2, 2, 3, 3)), rng.choice((2, 4, 8))


def _can_enrol(office: Office, program: ProgramState, person: Person) -> bool:
    taken = person.hris_id in program.mentors or person.hris_id in program.mentees
    return person.available_on(office.sim.today) and in_open_round(program, person) and not taken


def _volunteer(office: Office, program: ProgramState, person: Person) -> None:
    sim = office.sim
    if not _can_enrol(office, program, person):
        return
    offer = _offer(office, program)
    _join_as_mentor(office, program, person, VolunteerAsMentor, offer, sim.stamp(person.hris_id))


def _nominate(office: Office, program: ProgramState, person: Person) -> None:
    sim, rng = office.sim, office.sim.rng
    if not _can_enrol(office, program, person):
        return
    nominee = person.hris_id
    sim.emit(
        NominateMentor(program_id=program.id, employee_id=nominee, stamp=sim.stamp(program.sponsor))
    )
    accepted = rng.random() < joining_odds(sim.params, person, 0.6)
    offer = _offer(office, program)
    reason = "" if accepted else rng.choice(("no time this year", "not the right moment"))

    def answer() -> None:
        if not person.available_on(sim.today):
            return
        stamp = sim.stamp(nominee)
        if not accepted:
            sim.emit(
                DeclineNomination(
                    program_id=program.id, employee_id=nominee, reason=reason, stamp=stamp
                )
            )
            return
        _join_as_mentor(office, program, person, AcceptNomination, offer, stamp)

    sim.at(sim.today + timedelta(days=rng.randint(2, 10)), answer)


def _join_as_mentor(
    office: Office,
    program: ProgramState,
    person: Person,
    join: _JoinAsMentor,
    offer: _Offer,
    stamp: Stamp,
) -> None:
    """The person joins as a mentor with ``offer`` (volunteering or accepting a nomination)."""
    topics, capacity, hours = offer
    office.sim.emit(
        join(
            program_id=program.id,
            employee_id=person.hris_id,
            topics=topics,
            capacity=capacity,
            hours_per_month=hours,
            stamp=stamp,
        )
    )
    _enrolled_as_mentor(office, program, person, topics, capacity)


def _enrolled_as_mentor(
    office: Office, program: ProgramState, person: Person, topics: tuple[str, ...], capacity: int
) -> None:
    sim = office.sim
    mentor = MentorState(person.hris_id, topics, capacity)
    program.enrol_mentor(mentor, sim.roster.ordinals[person.hris_id])

    def trained() -> None:
        if person.available_on(sim.today) and program.mentors.get(person.hris_id) is mentor:
            program.train(mentor)
            sim.emit(
                CompleteMentorTraining(
                    program_id=program.id,
                    employee_id=person.hris_id,
                    course="Mentoring essentials",
                    stamp=sim.stamp(program.sponsor),
                )
            )

    sim.at(sim.today + timedelta(days=sim.rng.randint(2, 12)), trained)


def _enrol_mentees(office: Office, program: ProgramState) -> None:
    sim, rng = office.sim, office.sim.rng
    for person in _candidates(office, program, mentors=False):
        if rng.random() < joining_odds(sim.params, person, program.plan.mentee_rate):
            delay = timedelta(days=rng.randint(5, 20))
            sim.at(sim.today + delay, lambda p=person: _enrol(office, program, p))  # type: ignore[misc]


def _enrol(office: Office, program: ProgramState, person: Person) -> None:
    sim, rng = office.sim, office.sim.rng
    if not _can_enrol(office, program, person):
        return
    program.mentees[person.hris_id] = program.round_no
    topics = tuple(rng.sample(program.plan.topics, rng.randint(1, 2)))
    program.mentee_topics[person.hris_id] = topics
    aim = f"get better at {topics[0]}"
    sim.emit(
        EnrolMentee(
            program_id=program.id,
            employee_id=person.hris_id,
            topics=topics,
            aim=aim,
            stamp=sim.stamp(person.hris_id),
        )
    )
    ask_on = sim.today + timedelta(days=rng.randint(3, 8))
    if program.plan.formality == "formal" and rng.random() < 0.5:
        sim.at(ask_on, lambda: _assign(office, program, person.hris_id))
    else:
        sim.at(ask_on, lambda: requests.make(office, program.plan.key, person.hris_id))


def _assign(office: Office, program: ProgramState, mentee: str) -> None:
    """An admin places the mentee through cohort matching (formal programs): the pair is the
    optimiser's, the best-scoring mentor the rules allow (``matching.best_match``); the driver
    records it as a confirmed matching proposal (``gateways.demo.cohort``)."""
    from gateways.demo.world.matching import best_match, fitting

    sim = office.sim
    person = sim.roster.people[mentee]
    if not person.available_on(sim.today) or not in_open_round(program, person):
        return
    candidates = fitting(sim.roster, program, mentee, sim.today)
    if not len(candidates):
        requests.make(office, program.plan.key, mentee)
        return
    drawn = candidates.choice(sim.rng)  # drawn as before: the world's random stream is kept
    sim.rng.choice(program.mentors[drawn].topics)
    mentor, topic = best_match(sim.roster, program, mentee, candidates, office.declines)
    mentorship_id = sim.new_id("pair")
    sim.emit(
        AssignPair(
            program_id=program.id,
            mentee_id=mentee,
            mentor_id=mentor,
            topic=topic,
            mentorship_id=mentorship_id,
            stamp=sim.stamp(program.sponsor),
        )
    )
    pairs.start(office, program.plan.key, mentee, mentor, mentorship_id)


def _close_round(office: Office, program: ProgramState, round_no: int) -> None:
    if program.round_no == round_no and program.open_round is not None and not program.closed:
        program.open_round = None
        office.sim.emit(CloseRound(program_id=program.id, stamp=office.sim.stamp(program.sponsor)))


def _close_program(office: Office, plan: ProgramPlan) -> None:
    sim = office.sim
    program = office.programs[plan.key]
    pairs.finish_all(office, plan.key)
    requests.withdraw_all(office, plan.key)
    _close_round(office, program, program.round_no)
    program.closed = True
    sim.emit(
        CloseProgram(
            program_id=program.id,
            reason="the programme's timeline ended",
            stamp=sim.stamp(program.sponsor),
        )
    )
