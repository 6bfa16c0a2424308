"""A mentorship's life: assignment by admins; kickoff, goals, sessions, memos, surveys, end.

The participant acting is the employee in X-Acting-Employee; the domain refuses anyone else.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import Path
from pydantic import AfterValidator

from gateways.entrypoints.http.deps import (
    AdminCaller,
    CommandDep,
    NewCommandDep,
    PortalCaller,
    ServiceDep,
)
from gateways.entrypoints.http.models.common import encodable
from gateways.entrypoints.http.models.mentorships import (
    AchieveGoal,
    AnswerKickoff,
    AnswerSurvey,
    EndMentorship,
    FileMemo,
    HoldSession,
    MentorshipRecorded,
    SetGoal,
)
from gateways.entrypoints.http.models.requests import AssignPair, PairAssigned
from gateways.entrypoints.http.routers.common import acting_employee, api_router
from services.command import Command
from services.mentoring import MentoringService

router = api_router("mentorships")
GoalPath = Annotated[str, Path(min_length=1, max_length=200), AfterValidator(encodable)]
MENTORSHIP = "/mentorships/{mentorship_id}"


@router.post("/programs/{program_id}/assignments", status_code=201, summary="Assign a pair")
def assign_pair(program_id: UUID, caller: AdminCaller, context: NewCommandDep, body: AssignPair,
                service: ServiceDep) -> PairAssigned:
    """An admin pairs a mentee with a mentor directly; the usual conflict rules apply."""
    mentorship_id = service.handle(body.to_command(context, program_id=program_id))
    return PairAssigned(mentorship_id=mentorship_id)


@router.post(MENTORSHIP + "/kickoff", summary="Answer the kickoff questionnaire")
def answer_kickoff(mentorship_id: UUID, caller: PortalCaller, context: CommandDep,
                   body: AnswerKickoff, service: ServiceDep) -> MentorshipRecorded:
    """The acting participant's answers; private to the pair and admins."""
    return record(service, body.to_command(
        context, actor=acting_employee(caller), mentorship_id=mentorship_id
    ))


@router.post(MENTORSHIP + "/goals", summary="Set a goal")
def set_goal(mentorship_id: UUID, caller: PortalCaller, context: CommandDep, body: SetGoal,
             service: ServiceDep) -> MentorshipRecorded:
    """The pair sets a goal, named by ``goal_id``."""
    return record(service, body.to_command(
        context, actor=acting_employee(caller), mentorship_id=mentorship_id
    ))


@router.post(MENTORSHIP + "/goals/{goal_id}/achieved", summary="Mark a goal achieved")
def achieve_goal(mentorship_id: UUID, goal_id: GoalPath,
                 caller: PortalCaller, context: CommandDep, body: AchieveGoal,
                 service: ServiceDep) -> MentorshipRecorded:
    """The pair achieved the goal."""
    return record(service, body.to_command(
        context, actor=acting_employee(caller), mentorship_id=mentorship_id, goal_id=goal_id
    ))


@router.post(MENTORSHIP + "/sessions", summary="Record a session")
def hold_session(mentorship_id: UUID, caller: PortalCaller, context: CommandDep,
                 body: HoldSession, service: ServiceDep) -> MentorshipRecorded:
    """The pair met on the effective date."""
    return record(service, body.to_command(
        context, actor=acting_employee(caller), mentorship_id=mentorship_id
    ))


@router.post(MENTORSHIP + "/memos", summary="File a memo")
def file_memo(mentorship_id: UUID, caller: PortalCaller, context: CommandDep, body: FileMemo,
              service: ServiceDep) -> MentorshipRecorded:
    """The mentee notes the skills learned; the text is private to the pair and admins."""
    return record(service, body.to_command(
        context, actor=acting_employee(caller), mentorship_id=mentorship_id
    ))


@router.post(MENTORSHIP + "/surveys", summary="Answer the survey")
def answer_survey(mentorship_id: UUID, caller: PortalCaller, context: NewCommandDep,
                  body: AnswerSurvey, service: ServiceDep) -> MentorshipRecorded:
    """The acting participant's scores, 1-5."""
    return record(service, body.to_command(
        context, actor=acting_employee(caller), mentorship_id=mentorship_id
    ))


@router.post(MENTORSHIP + "/end", summary="End the mentorship")
def end_mentorship(mentorship_id: UUID, caller: PortalCaller, context: CommandDep,
                   body: EndMentorship, service: ServiceDep) -> MentorshipRecorded:
    """Either participant ends it: completed, or a no-fault exit."""
    return record(service, body.to_command(
        context, actor=acting_employee(caller), mentorship_id=mentorship_id
    ))


def record(service: MentoringService, command: Command[UUID]) -> MentorshipRecorded:
    """Run a command on a mentorship; the response names the mentorship it changed."""
    return MentorshipRecorded(mentorship_id=service.handle(command))
