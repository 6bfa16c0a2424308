"""Requests and mentorships: how their world steps become service commands."""

from __future__ import annotations

from gateways.demo import actions as a
from gateways.demo.ids import WorldIds
from services.mentoring import MentoringService


def make_request(service: MentoringService, ids: WorldIds, s: a.MakeRequest, cid: str) -> object:
    """The mentee asks ranked mentors."""
    request_id = service.make_request(
        command_id=cid,
        mentee_id=s.mentee,
        program_id=ids.programs[s.program_key],
        topic=s.topic,
        choices=s.choices,
        reason=s.reason,
        respond_by=s.respond_by,
        effective_date=s.on,
    )
    ids.requests[s.request_key] = request_id
    return request_id


def accept(service: MentoringService, ids: WorldIds, s: a.AcceptRequest, cid: str) -> object:
    """The addressed mentor accepts; the mentorship starts."""
    mentorship_id = service.accept_request(
        command_id=cid,
        request_id=ids.requests[s.request_key],
        mentor_id=s.actor,
        effective_date=s.on,
    )
    ids.mentorships[s.mentorship_key] = mentorship_id
    return mentorship_id


def decline(service: MentoringService, ids: WorldIds, s: a.DeclineRequest, cid: str) -> object:
    """The addressed mentor declines; the service forwards to the next choice."""
    return service.decline_request(
        command_id=cid,
        request_id=ids.requests[s.request_key],
        mentor_id=s.actor,
        reason=s.reason,
        effective_date=s.on,
    )


def expire(service: MentoringService, ids: WorldIds, s: a.ExpireRequest, cid: str) -> object:
    """The scheduler expires an unanswered request; the service forwards it."""
    return service.expire_request(
        request_id=ids.requests[s.request_key], today=s.on, command_id=cid
    )


def withdraw(service: MentoringService, ids: WorldIds, s: a.WithdrawRequest, cid: str) -> object:
    """The mentee withdraws a pending request."""
    return service.withdraw_request(
        command_id=cid,
        request_id=ids.requests[s.request_key],
        mentee_id=s.actor,
        reason=s.reason,
        effective_date=s.on,
    )


def assign(service: MentoringService, ids: WorldIds, s: a.AssignPair, cid: str) -> object:
    """An admin assigns a pair directly."""
    mentorship_id = service.assign_pair(
        command_id=cid,
        actor=s.actor,
        program_id=ids.programs[s.program_key],
        mentee_id=s.mentee,
        mentor_id=s.mentor,
        topic=s.topic,
        effective_date=s.on,
    )
    ids.mentorships[s.mentorship_key] = mentorship_id
    return mentorship_id


def kickoff(service: MentoringService, ids: WorldIds, s: a.AnswerKickoff, cid: str) -> object:
    """One participant answers the kickoff questionnaire."""
    answers = dict(s.answers)
    return service.answer_kickoff(
        command_id=cid,
        mentorship_id=ids.mentorships[s.mentorship_key],
        participant_id=s.actor,
        goals=answers["goals"],
        communication=answers["communication"],
        off_limits=answers["off_limits"],
        confidentiality=answers["confidentiality"],
        effective_date=s.on,
    )


def set_goal(service: MentoringService, ids: WorldIds, s: a.SetGoal, cid: str) -> object:
    """The pair sets a goal."""
    return service.set_goal(
        command_id=cid,
        mentorship_id=ids.mentorships[s.mentorship_key],
        actor=s.actor,
        goal_id=str(s.goal_no),
        description=s.text,
        effective_date=s.on,
    )


def achieve_goal(service: MentoringService, ids: WorldIds, s: a.AchieveGoal, cid: str) -> object:
    """The pair achieves a goal."""
    return service.achieve_goal(
        command_id=cid,
        mentorship_id=ids.mentorships[s.mentorship_key],
        actor=s.actor,
        goal_id=str(s.goal_no),
        effective_date=s.on,
    )


def session(service: MentoringService, ids: WorldIds, s: a.HoldSession, cid: str) -> object:
    """A session is held."""
    return service.hold_session(
        command_id=cid,
        mentorship_id=ids.mentorships[s.mentorship_key],
        actor=s.actor,
        duration_minutes=s.duration_minutes,
        mode=s.mode,
        topics=s.topics,
        effective_date=s.on,
    )


def memo(service: MentoringService, ids: WorldIds, s: a.FileMemo, cid: str) -> object:
    """The mentee files a memo of skills learned."""
    return service.file_memo(
        command_id=cid,
        mentorship_id=ids.mentorships[s.mentorship_key],
        mentee_id=s.actor,
        skills=s.skills,
        text=s.text,
        effective_date=s.on,
    )


def survey(service: MentoringService, ids: WorldIds, s: a.AnswerSurvey, cid: str) -> object:
    """A participant answers the survey."""
    return service.answer_survey(
        command_id=cid,
        mentorship_id=ids.mentorships[s.mentorship_key],
        respondent_id=s.actor,
        confidence=s.confidence,
        commitment=s.commitment,
        org_understanding=s.org_understanding,
        networking=s.networking,
        pairing_fit=s.pairing_fit,
        effective_date=s.on,
    )


def end(service: MentoringService, ids: WorldIds, s: a.EndMentorship, cid: str) -> object:
    """Either participant ends the mentorship (completed or no-fault)."""
    return service.end_mentorship(
        command_id=cid,
        mentorship_id=ids.mentorships[s.mentorship_key],
        actor=s.actor,
        reason=s.reason,
        note=s.note,
        effective_date=s.on,
    )


def story(service: MentoringService, ids: WorldIds, s: a.RecordSuccessStory, cid: str) -> object:
    """The program records a success story of a pair."""
    mentorship_id = ids.mentorships[s.mentorship_key]
    return service.record_success_story(
        command_id=cid,
        actor=s.actor,
        program_id=ids.programs[s.program_key],
        title=s.headline,
        text=f"{s.headline} after working with a mentor.",
        effective_date=s.on,
        mentorship_id=mentorship_id,
    )
