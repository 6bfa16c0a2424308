"""A mentorship's life: kickoff, goals, sessions, memo, surveys, and its end."""

from __future__ import annotations

import random
from datetime import date, timedelta
from uuid import UUID

from domain.base import Stamp
from domain.vocabulary import EndReason, SessionMode
from gateways.demo.world.office import Office, end
from gateways.demo.world.state import MentorshipState
from services.mentorships import (
    AchieveGoal,
    AnswerKickoff,
    AnswerSurvey,
    EndMentorship,
    FileMemo,
    HoldSession,
    SetGoal,
)
from services.stories import RecordSuccessStory

SKILLS = (
    "negotiation",
    "stakeholder mapping",
    "code review",
    "public speaking",
    "prioritising",
    "giving feedback",
    "career planning",
    "customer discovery",
    "budgeting",
)
MODES = (SessionMode.VIRTUAL, SessionMode.IN_PERSON)


def start(office: Office, program_key: str, mentee: str, mentor: str, mentorship_id: UUID) -> None:
    """A pair starts today: schedule its whole life (each step checks it is still active)."""
    sim, rng = office.sim, office.sim.rng
    program = office.programs[program_key]
    stalls_after = rng.randint(1, 3) if rng.random() < 0.15 else 99
    pair = MentorshipState(
        mentorship_id, program_key, mentee, mentor, sim.today, stalls_after=stalls_after
    )
    office.add_mentorship(pair)
    program.pair(mentee, mentor, pair.id)
    for who in (mentee, mentor):
        person = sim.roster.people[who]
        if person.mentored_since is None:
            person.mentored_since = sim.today
        _later(office, pair, rng.randint(1, 7), lambda p, w=who: _kickoff(office, p, w))
    for goal_no in range(1, rng.choice((1, 1, 2)) + 1):
        _later(office, pair, rng.randint(3, 14), lambda p, g=goal_no: _goal(office, p, g))
    _later(office, pair, rng.randint(5, program.plan.cadence_days), lambda p: _session(office, p))
    _later(office, pair, 90, lambda p: _surveys(office, p, 0.35))
    length = program.plan.mentorship_months * 30
    if rng.random() < 0.08:
        _later(
            office,
            pair,
            rng.randint(30, length - 1),
            lambda p: _finish(office, p, EndReason.NO_FAULT),
        )
    else:
        _later(office, pair, length, lambda p: _finish(office, p, EndReason.COMPLETED))


def _later(office: Office, pair: MentorshipState, days: int, step: object) -> None:
    def run() -> None:
        if pair.active and _both_here(office, pair, office.sim.today):
            step(pair)  # type: ignore[operator]

    office.sim.at(office.sim.today + timedelta(days=days), run)


def _both_here(office: Office, pair: MentorshipState, day: date) -> bool:
    people = office.sim.roster.people
    return people[pair.mentee].available_on(day) and people[pair.mentor].available_on(day)


def _kickoff(office: Office, pair: MentorshipState, who: str) -> None:
    office.sim.emit(
        AnswerKickoff(
            mentorship_id=pair.id,
            goals="grow in my role",
            communication="chat, then a call",
            off_limits="compensation",
            confidentiality="what we say stays between us",
            stamp=office.sim.stamp(who),
        )
    )


def _goal(office: Office, pair: MentorshipState, goal_no: int) -> None:
    sim = office.sim
    goal_id = str(goal_no)
    sim.emit(
        SetGoal(
            mentorship_id=pair.id,
            goal_id=goal_id,
            description=f"goal {goal_no}",
            stamp=sim.stamp(pair.mentee),
        )
    )
    if sim.rng.random() < 0.4:
        days = sim.rng.randint(40, 150)
        _later(
            office,
            pair,
            days,
            lambda p: sim.emit(
                AchieveGoal(mentorship_id=p.id, goal_id=goal_id, stamp=sim.stamp(p.mentee))
            ),
        )


def _session(office: Office, pair: MentorshipState) -> None:
    sim, rng = office.sim, office.sim.rng
    plan = office.programs[pair.program_key].plan
    topics = tuple(rng.sample(plan.topics, rng.randint(1, 2)))
    duration = rng.choice((30, 45, 60, 60, 90))
    sim.emit(
        HoldSession(
            mentorship_id=pair.id,
            duration_minutes=duration,
            mode=rng.choice(MODES),
            topics=topics,
            stamp=sim.stamp(pair.mentee),
        )
    )
    pair.sessions += 1
    if pair.sessions == 2 and rng.random() < 0.7:
        _later(office, pair, rng.randint(1, 10), lambda p: _memo(office, p))
    if pair.sessions < pair.stalls_after:
        gap = plan.cadence_days + rng.randint(-7, 10)
        _later(office, pair, gap, lambda p: _session(office, p))


def _memo(office: Office, pair: MentorshipState) -> None:
    sim = office.sim
    skills = tuple(sim.rng.sample(SKILLS, 2))
    text = f"Learned {skills[0]} and {skills[1]} from my mentor."
    sim.emit(
        FileMemo(mentorship_id=pair.id, skills=skills, text=text, stamp=sim.stamp(pair.mentee))
    )


def _surveys(office: Office, pair: MentorshipState, response_rate: float) -> None:
    sim, rng = office.sim, office.sim.rng
    for who in (pair.mentee, pair.mentor):
        if rng.random() < response_rate:
            sim.emit(_survey(pair, rng, sim.stamp(who)))


def _survey(pair: MentorshipState, rng: random.Random, stamp: Stamp) -> AnswerSurvey:
    """One answer to the survey, its five scores drawn in the order they are named."""
    return AnswerSurvey(
        mentorship_id=pair.id,
        confidence=_score(rng),
        commitment=_score(rng),
        org_understanding=_score(rng),
        networking=_score(rng),
        pairing_fit=_score(rng),
        stamp=stamp,
    )


def _score(rng: random.Random) -> int:
    """A survey score from 1 to 5, most often 4."""
    return min(5, max(1, round(rng.gauss(3.8, 0.8))))


def _finish(office: Office, pair: MentorshipState, reason: EndReason) -> None:
    sim, rng = office.sim, office.sim.rng
    completed = reason == EndReason.COMPLETED
    if completed:
        _surveys(office, pair, 0.5)
    actor = pair.mentee if completed or rng.random() < 0.5 else pair.mentor
    note = "we reached our goals" if completed else "the chemistry isn't right"
    sim.emit(EndMentorship(mentorship_id=pair.id, reason=reason, note=note, stamp=sim.stamp(actor)))
    end(office, pair)
    if completed and rng.random() < 0.04:
        headline = (
            f"{rng.choice(('Close rate', 'Release cadence', 'NPS'))} up {rng.randint(8, 25)}%"
        )
        _story(office, pair, headline)


def _story(office: Office, pair: MentorshipState, headline: str) -> None:
    sim, program = office.sim, office.programs[pair.program_key]
    sim.emit(
        RecordSuccessStory(
            story_id=sim.new_id("story"),
            program_id=program.id,
            mentorship_id=pair.id,
            title=headline,
            text=f"{headline} after working with a mentor.",
            stamp=sim.stamp(program.sponsor),
        )
    )


def finish_all(office: Office, program_key: str) -> None:
    """End every active pair of a program (before it closes)."""
    for pair in office.mentorships.values():
        if pair.active and pair.program_key == program_key:
            _finish(office, pair, EndReason.COMPLETED)
