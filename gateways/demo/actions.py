"""What the synthetic world asks the system to do: HRIS messages and program commands.

Program commands name things by world keys (``program_key``, ``request_key``,
``mentorship_key``); the driver maps them to the ids the services return.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gateways.hris.contract import HrisMessage


@dataclass(frozen=True)
class Action:
    """Base of every program command: when it happens and who does it."""

    on: date
    actor: str


@dataclass(frozen=True)
class HrisArrived:
    """An HRIS message, as the upstream system would publish it."""

    on: date
    message: HrisMessage


@dataclass(frozen=True)
class LaunchProgram(Action):
    program_key: str
    name: str
    program_type: str
    goal: str
    formality: str
    starts_on: date
    ends_on: date | None
    cadence_days: int
    sponsor: str
    forbid_same_manager: bool
    requires_training: bool


@dataclass(frozen=True)
class OpenRound(Action):
    program_key: str
    round_no: int
    departments: tuple[str, ...] | None


@dataclass(frozen=True)
class CloseRound(Action):
    program_key: str
    round_no: int


@dataclass(frozen=True)
class CloseProgram(Action):
    program_key: str


@dataclass(frozen=True)
class VolunteerMentor(Action):
    program_key: str
    mentor: str
    topics: tuple[str, ...]
    capacity: int
    hours_per_month: int


@dataclass(frozen=True)
class NominateMentor(Action):
    program_key: str
    nominee: str
    nomination_key: str


@dataclass(frozen=True)
class AnswerNomination(Action):
    program_key: str
    nominee: str
    nomination_key: str
    accepted: bool
    topics: tuple[str, ...]
    capacity: int
    hours_per_month: int
    reason: str


@dataclass(frozen=True)
class CompleteTraining(Action):
    program_key: str
    mentor: str
    course: str


@dataclass(frozen=True)
class EnrolMentee(Action):
    program_key: str
    mentee: str
    round_no: int
    topics: tuple[str, ...]
    aim: str


@dataclass(frozen=True)
class MakeRequest(Action):
    program_key: str
    request_key: str
    mentee: str
    choices: tuple[str, ...]
    topic: str
    reason: str
    respond_by: date


@dataclass(frozen=True)
class AcceptRequest(Action):
    request_key: str
    mentorship_key: str


@dataclass(frozen=True)
class DeclineRequest(Action):
    request_key: str
    reason: str


@dataclass(frozen=True)
class ExpireRequest(Action):
    request_key: str


@dataclass(frozen=True)
class WithdrawRequest(Action):
    request_key: str
    reason: str


@dataclass(frozen=True)
class AssignPair(Action):
    program_key: str
    mentorship_key: str
    mentee: str
    mentor: str
    topic: str


@dataclass(frozen=True)
class AnswerKickoff(Action):
    mentorship_key: str
    answers: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class SetGoal(Action):
    mentorship_key: str
    goal_no: int
    text: str


@dataclass(frozen=True)
class AchieveGoal(Action):
    mentorship_key: str
    goal_no: int


@dataclass(frozen=True)
class HoldSession(Action):
    mentorship_key: str
    duration_minutes: int
    mode: str
    topics: tuple[str, ...]


@dataclass(frozen=True)
class FileMemo(Action):
    mentorship_key: str
    skills: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class AnswerSurvey(Action):
    mentorship_key: str
    confidence: int
    commitment: int
    org_understanding: int
    networking: int
    pairing_fit: int


@dataclass(frozen=True)
class EndMentorship(Action):
    mentorship_key: str
    reason: str
    note: str


@dataclass(frozen=True)
class RecordSuccessStory(Action):
    program_key: str
    mentorship_key: str
    headline: str


Step = Action | HrisArrived
"""One entry of the world's timeline."""
