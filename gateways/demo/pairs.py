"""A mentorship's life: kickoff, goals, sessions, memo, surveys, and its end."""

from __future__ import annotations

from datetime import date, timedelta

from gateways.demo import actions as a
from gateways.demo.office import Office, end
from gateways.demo.state import MentorshipState

KICKOFF = (
    ("goals", "grow in my role"),
    ("communication", "chat, then a call"),
    ("off_limits", "compensation"),
    ("confidentiality", "what we say stays between us"),
)
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
MODES = ("virtual", "in_person")


def start(office: Office, program_key: str, mentee: str, mentor: str, key: str) -> None:
    """A pair starts today: schedule its whole life (each step checks it is still active)."""
    sim, rng = office.sim, office.sim.rng
    program = office.programs[program_key]
    stalls_after = rng.randint(1, 3) if rng.random() < 0.15 else 99
    pair = MentorshipState(key, program_key, mentee, mentor, sim.today, stalls_after=stalls_after)
    office.mentorships[key] = pair
    program.pairs[(mentee, mentor)] = None
    program.mentors[mentor].active[key] = None
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
        _later(office, pair, rng.randint(30, length - 1), lambda p: _finish(office, p, "no_fault"))
    else:
        _later(office, pair, length, lambda p: _finish(office, p, "completed"))


def _later(office: Office, pair: MentorshipState, days: int, step: object) -> None:
    def run() -> None:
        if pair.active and _both_here(office, pair, office.sim.today):
            step(pair)  # type: ignore[operator]

    office.sim.at(office.sim.today + timedelta(days=days), run)


def _both_here(office: Office, pair: MentorshipState, day: date) -> bool:
    people = office.sim.roster.people
    return people[pair.mentee].available_on(day) and people[pair.mentor].available_on(day)


def _kickoff(office: Office, pair: MentorshipState, who: str) -> None:
    office.sim.emit(a.AnswerKickoff(office.sim.today, who, pair.key, KICKOFF))


def _goal(office: Office, pair: MentorshipState, goal_no: int) -> None:
    sim = office.sim
    sim.emit(a.SetGoal(sim.today, pair.mentee, pair.key, goal_no, f"goal {goal_no}"))
    if sim.rng.random() < 0.4:
        days = sim.rng.randint(40, 150)
        _later(
            office,
            pair,
            days,
            lambda p: sim.emit(a.AchieveGoal(sim.today, p.mentee, p.key, goal_no)),
        )


def _session(office: Office, pair: MentorshipState) -> None:
    sim, rng = office.sim, office.sim.rng
    plan = office.programs[pair.program_key].plan
    topics = tuple(rng.sample(plan.topics, rng.randint(1, 2)))
    duration = rng.choice((30, 45, 60, 60, 90))
    sim.emit(a.HoldSession(sim.today, pair.mentee, pair.key, duration, rng.choice(MODES), topics))
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
    sim.emit(a.FileMemo(sim.today, pair.mentee, pair.key, skills, text))


def _surveys(office: Office, pair: MentorshipState, response_rate: float) -> None:
    sim, rng = office.sim, office.sim.rng
    for who in (pair.mentee, pair.mentor):
        if rng.random() < response_rate:
            scores = [min(5, max(1, round(rng.gauss(3.8, 0.8)))) for _ in range(5)]
            sim.emit(a.AnswerSurvey(sim.today, who, pair.key, *scores))


def _finish(office: Office, pair: MentorshipState, reason: str) -> None:
    sim, rng = office.sim, office.sim.rng
    if reason == "completed":
        _surveys(office, pair, 0.5)
    actor = pair.mentee if reason == "completed" or rng.random() < 0.5 else pair.mentor
    note = "the chemistry isn't right" if reason == "no_fault" else "we reached our goals"
    sim.emit(a.EndMentorship(sim.today, actor, pair.key, reason, note))
    end(office, pair)
    program = office.programs[pair.program_key]
    if reason == "completed" and rng.random() < 0.04:
        headline = (
            f"{rng.choice(('Close rate', 'Release cadence', 'NPS'))} up {rng.randint(8, 25)}%"
        )
        sim.emit(
            a.RecordSuccessStory(sim.today, program.sponsor, program.plan.key, pair.key, headline)
        )


def finish_all(office: Office, program_key: str) -> None:
    """End every active pair of a program (before it closes)."""
    for pair in office.mentorships.values():
        if pair.active and pair.program_key == program_key:
            _finish(office, pair, "completed")
