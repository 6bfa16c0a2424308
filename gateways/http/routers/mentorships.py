"""A mentorship's life: assignment by admins; kickoff, goals, sessions, memos, surveys, end.

The participant acting is the employee in X-Acting-Employee; the domain refuses anyone else.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import Path
from pydantic import AfterValidator

from gateways.http.deps import AdminCaller, CommandDep, NewCommandDep, PortalCaller, ServiceDep
from gateways.http.models.common import encodable
from gateways.http.models.mentorships import (
    AchieveGoal,
    AnswerKickoff,
    AnswerSurvey,
    EndMentorship,
    FileMemo,
    HoldSession,
    MentorshipRecorded,
    SetGoal,
)
from gateways.http.models.requests import AssignPair, PairAssigned
from gateways.http.routers.common import acting_employee, api_router

router = api_router("mentorships")
GoalPath = Annotated[str, Path(min_length=1, max_length=200), AfterValidator(encodable)]
MENTORSHIP = "/mentorships/{mentorship_id}"


@router.post("/programs/{program_id}/assignments", status_code=201, summary="Assign a pair")
def assign_pair(program_id: UUID, caller: AdminCaller, command: NewCommandDep, body: AssignPair,
                service: ServiceDep) -> PairAssigned:
    """An admin pairs a mentee with a mentor directly; the usual conflict rules apply."""
    mentorship_id = service.assign_pair(
        command_id=command.command_id, actor=command.actor, program_id=program_id,
        mentee_id=body.mentee_id, mentor_id=body.mentor_id, topic=body.topic,
        effective_date=body.business_date(),
    )
    return PairAssigned(mentorship_id=mentorship_id)


@router.post(MENTORSHIP + "/kickoff", summary="Answer the kickoff questionnaire")
def answer_kickoff(mentorship_id: UUID, caller: PortalCaller, command: CommandDep,
                   body: AnswerKickoff, service: ServiceDep) -> MentorshipRecorded:
    """The acting participant's answers; private to the pair and admins."""
    service.answer_kickoff(
        command_id=command.command_id, mentorship_id=mentorship_id,
        participant_id=acting_employee(caller), goals=body.goals,
        communication=body.communication, off_limits=body.off_limits,
        confidentiality=body.confidentiality, effective_date=body.business_date(),
        expected_version=command.expected_version,
    )
    return MentorshipRecorded(mentorship_id=mentorship_id)


@router.post(MENTORSHIP + "/goals", summary="Set a goal")
def set_goal(mentorship_id: UUID, caller: PortalCaller, command: CommandDep, body: SetGoal,
             service: ServiceDep) -> MentorshipRecorded:
    """The pair sets a goal, named by ``goal_id``."""
    service.set_goal(
        command_id=command.command_id, mentorship_id=mentorship_id,
        actor=acting_employee(caller), goal_id=body.goal_id, description=body.description,
        effective_date=body.business_date(), expected_version=command.expected_version,
    )
    return MentorshipRecorded(mentorship_id=mentorship_id)


@router.post(MENTORSHIP + "/goals/{goal_id}/achieved", summary="Mark a goal achieved")
def achieve_goal(mentorship_id: UUID, goal_id: GoalPath,
                 caller: PortalCaller, command: CommandDep, body: AchieveGoal,
                 service: ServiceDep) -> MentorshipRecorded:
    """The pair achieved the goal."""
    service.achieve_goal(
        command_id=command.command_id, mentorship_id=mentorship_id,
        actor=acting_employee(caller), goal_id=goal_id, effective_date=body.business_date(),
        expected_version=command.expected_version,
    )
    return MentorshipRecorded(mentorship_id=mentorship_id)


@router.post(MENTORSHIP + "/sessions", summary="Record a session")
def hold_session(mentorship_id: UUID, caller: PortalCaller, command: CommandDep,
                 body: HoldSession, service: ServiceDep) -> MentorshipRecorded:
    """The pair met on the effective date."""
    service.hold_session(
        command_id=command.command_id, mentorship_id=mentorship_id,
        actor=acting_employee(caller), duration_minutes=body.duration_minutes,
        mode=body.mode.value, topics=tuple(body.topics), effective_date=body.business_date(),
        expected_version=command.expected_version,
    )
    return MentorshipRecorded(mentorship_id=mentorship_id)


@router.post(MENTORSHIP + "/memos", summary="File a memo")
def file_memo(mentorship_id: UUID, caller: PortalCaller, command: CommandDep, body: FileMemo,
              service: ServiceDep) -> MentorshipRecorded:
    """The mentee notes the skills learned; the text is private to the pair and admins."""
    service.file_memo(
        command_id=command.command_id, mentorship_id=mentorship_id,
        mentee_id=acting_employee(caller), skills=tuple(body.skills), text=body.text,
        effective_date=body.business_date(), expected_version=command.expected_version,
    )
    return MentorshipRecorded(mentorship_id=mentorship_id)


@router.post(MENTORSHIP + "/surveys", summary="Answer the survey")
def answer_survey(mentorship_id: UUID, caller: PortalCaller, command: NewCommandDep,
                  body: AnswerSurvey, service: ServiceDep) -> MentorshipRecorded:
    """The acting participant's scores, 1-5."""
    service.answer_survey(
        command_id=command.command_id, mentorship_id=mentorship_id,
        respondent_id=acting_employee(caller), confidence=body.confidence,
        commitment=body.commitment, org_understanding=body.org_understanding,
        networking=body.networking, pairing_fit=body.pairing_fit,
        effective_date=body.business_date(),
    )
    return MentorshipRecorded(mentorship_id=mentorship_id)


@router.post(MENTORSHIP + "/end", summary="End the mentorship")
def end_mentorship(mentorship_id: UUID, caller: PortalCaller, command: CommandDep,
                   body: EndMentorship, service: ServiceDep) -> MentorshipRecorded:
    """Either participant ends it: completed, or a no-fault exit."""
    service.end_mentorship(
        command_id=command.command_id, mentorship_id=mentorship_id,
        actor=acting_employee(caller), reason=body.reason.value, note=body.note,
        effective_date=body.business_date(), expected_version=command.expected_version,
    )
    return MentorshipRecorded(mentorship_id=mentorship_id)
