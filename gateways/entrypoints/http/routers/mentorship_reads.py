"""A mentorship's state (the pair, admins, auditors) and its private record (pair, admins)."""

from __future__ import annotations

from uuid import UUID

from fastapi import Response

from domain.mentorships import Mentorship
from gateways.entrypoints.http import reads
from gateways.entrypoints.http.deps import PrivateReader, ServiceDep, StateReader
from gateways.entrypoints.http.models.mentorships import (
    KickoffAnswers,
    Memo,
    MentorshipView,
    PrivateRecord,
)
from gateways.entrypoints.http.routers.common import api_router, set_etag
from gateways.entrypoints.http.routers.visibility import check_sees_mentorship, check_sees_private

router = api_router("mentorships")


@router.get("/mentorships/{mentorship_id}", summary="A mentorship's state")
def get_mentorship(mentorship_id: UUID, caller: StateReader, service: ServiceDep,
                   response: Response) -> MentorshipView:
    """Who, since when, goals, counts, and whether it ended; nothing private."""
    mentorship = service.load(Mentorship, mentorship_id)
    check_sees_mentorship(caller, mentorship)
    set_etag(response, mentorship.version)
    return mentorship_view(mentorship)


@router.get("/mentorships/{mentorship_id}/private", summary="Kickoff answers and memo texts")
def get_private_record(mentorship_id: UUID, caller: PrivateReader,
                       service: ServiceDep) -> PrivateRecord:
    """Readable only by the pair (the portal acting for one of them) and admins."""
    mentorship = service.load(Mentorship, mentorship_id)
    check_sees_private(caller, mentorship)
    record = PrivateRecord(mentorship_id=mentorship_id, kickoff=[], memos=[])
    for event in reads.private_events(service, mentorship):
        if isinstance(event, Mentorship.KickoffAnswered):
            record.kickoff.append(KickoffAnswers(
                participant_id=event.participant_id, answered_on=event.effective_date,
                goals=event.goals, communication=event.communication,
                off_limits=event.off_limits, confidentiality=event.confidentiality,
            ))
        elif isinstance(event, Mentorship.MemoFiled):
            record.memos.append(
                Memo(filed_on=event.effective_date, skills=list(event.skills), text=event.text)
            )
    return record


def mentorship_view(mentorship: Mentorship) -> MentorshipView:
    """The response model of a mentorship, without anything private."""
    return MentorshipView(
        mentorship_id=mentorship.id, version=mentorship.version,
        program_id=mentorship.program_id, mentee_id=mentorship.mentee_id,
        mentor_id=mentorship.mentor_id, topic=mentorship.topic,
        started_on=mentorship.started_on,
        kickoff_answered_by=sorted(mentorship.kickoff_answered_by),
        goals=dict(mentorship.goals), sessions_held=mentorship.sessions_held,
        memos_filed=mentorship.memos_filed, is_active=mentorship.is_active,
        ended_reason=mentorship.ended_reason,
    )
