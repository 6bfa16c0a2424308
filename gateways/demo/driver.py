"""Feed the world's timeline through the mentoring service's commands, in order."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import structlog

from domain.errors import DomainError
from gateways.demo import actions as a
from gateways.demo import commands as c
from gateways.demo import pair_commands as p
from gateways.demo.ids import WorldIds
from services.mentoring import MentoringService

log = structlog.get_logger(__name__)

COMMANDS: dict[type, Callable[[MentoringService, WorldIds, Any, str], object]] = {
    a.HrisArrived: c.hris,
    a.LaunchProgram: c.launch,
    a.OpenRound: c.open_round,
    a.CloseRound: c.close_round,
    a.CloseProgram: c.close_program,
    a.VolunteerMentor: c.volunteer,
    a.NominateMentor: c.nominate,
    a.AnswerNomination: c.answer_nomination,
    a.CompleteTraining: c.train,
    a.EnrolMentee: c.enrol,
    a.MakeRequest: p.make_request,
    a.AcceptRequest: p.accept,
    a.DeclineRequest: p.decline,
    a.ExpireRequest: p.expire,
    a.WithdrawRequest: p.withdraw,
    a.AssignPair: p.assign,
    a.AnswerKickoff: p.kickoff,
    a.SetGoal: p.set_goal,
    a.AchieveGoal: p.achieve_goal,
    a.HoldSession: p.session,
    a.FileMemo: p.memo,
    a.AnswerSurvey: p.survey,
    a.EndMentorship: p.end,
    a.RecordSuccessStory: p.story,
}


@dataclass
class DriveResult:
    """How many commands ran, and which the service refused (by rule)."""

    accepted: int = 0
    refused: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        """Every command sent."""
        return self.accepted + sum(self.refused.values())


def drive(
    service: MentoringService,
    steps: Iterable[a.Step],
    run_id: str,
    advance: Callable[[int], None] = lambda n: None,
) -> DriveResult:
    """Send every step as one command (command ids ``<run_id>:<n>``); refusals are counted.

    A refusal is not fatal: a later step that depends on what was refused is counted as
    ``depends-on-refused`` and skipped.
    """
    ids, result = WorldIds(), DriveResult()
    for number, step in enumerate(steps):
        try:
            COMMANDS[type(step)](service, ids, step, f"{run_id}:{number}")
            result.accepted += 1
        except DomainError as error:
            result.refused[error.rule] += 1
            log.debug("demo_step_refused", step=type(step).__name__, rule=error.rule)
        except KeyError:
            result.refused["depends-on-refused"] += 1
        advance(1)
    return result
