"""A mentorship's state (the pair, admins, auditors) and its private record (pair, admins;
each read of it recorded for auditors)."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from fastapi import Response

from domain.mentorships import Mentorship
from gateways.entrypoints.http import reads
from gateways.entrypoints.http.auth.callers import Caller
from gateways.entrypoints.http.deps import PrivateReader, ServiceDep, StateReader
from gateways.entrypoints.http.models import mentorships as models
from gateways.entrypoints.http.private_reads import PrivateSubject, record_private_read
from gateways.entrypoints.http.routers.common import api_router, current
from gateways.entrypoints.http.routers.visibility import check_sees_mentorship, check_sees_private
from services.mentoring import MentoringService

router = api_router("mentorships")


def seen(service: MentoringService, mentorship_id: UUID, caller: Caller,
         check: Callable[[Caller, Mentorship], None]) -> Mentorship:
    """The mentorship, once ``check`` let the caller see (this part of) it."""
    mentorship = service.load(Mentorship, mentorship_id)
    check(caller, mentorship)
    return mentorship


@router.get("/mentorships/{mentorship_id}", summary="A mentorship's state")
def get_mentorship(mentorship_id: UUID, caller: StateReader, service: ServiceDep,
                   response: Response) -> models.MentorshipView:
    """Who, since when, goals, counts, and whether it ended; nothing private."""
    mentorship = seen(service, mentorship_id, caller, check_sees_mentorship)
    return current(response, models.MentorshipView, mentorship)


@router.get("/mentorships/{mentorship_id}/private", summary="Kickoff answers and memo texts")
def get_private_record(mentorship_id: UUID, caller: PrivateReader,
                       service: ServiceDep) -> models.PrivateRecord:
    """Readable only by the pair (the portal acting for one of them) and admins; each read is
    recorded (who, when, which mentorship) before the texts are sent."""
    mentorship = seen(service, mentorship_id, caller, check_sees_private)
    record_private_read(service, caller, PrivateSubject(
        route="mentorship-private-record", subject=str(mentorship_id),
        mentorship_id=mentorship_id, concerns=(mentorship.mentee_id, mentorship.mentor_id),
    ))
    events = list(reads.private_events(service, mentorship))
    return models.PrivateRecord(
        mentorship_id=mentorship_id,
        kickoff=[models.KickoffAnswers.model_validate(event) for event in events
                 if isinstance(event, Mentorship.KickoffAnswered)],
        memos=[models.Memo.model_validate(event) for event in events
               if isinstance(event, Mentorship.MemoFiled)],
    )
