"""Success stories (admins)."""

from __future__ import annotations

from uuid import UUID

from gateways.http.deps import AdminCaller, NewCommandDep, ServiceDep
from gateways.http.models.stories import RecordStory, StoryRecorded
from gateways.http.routers.common import api_router

router = api_router("stories")


@router.post("/programs/{program_id}/stories", status_code=201, summary="Record a success story")
def record_story(program_id: UUID, caller: AdminCaller, command: NewCommandDep, body: RecordStory,
                 service: ServiceDep) -> StoryRecorded:
    """A notable outcome the program communicates, optionally tied to one mentorship."""
    story_id = service.record_success_story(
        command_id=command.command_id, actor=command.actor, program_id=program_id,
        title=body.title, text=body.text, effective_date=body.business_date(),
        mentorship_id=body.mentorship_id, employee_ids=tuple(body.employee_ids),
    )
    return StoryRecorded(story_id=story_id)
