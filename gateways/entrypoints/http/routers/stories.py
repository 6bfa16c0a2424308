"""Success stories (admins)."""

from __future__ import annotations

from uuid import UUID

from gateways.entrypoints.http.deps import AdminCaller, NewCommandDep, ServiceDep
from gateways.entrypoints.http.models.stories import RecordStory, StoryRecorded
from gateways.entrypoints.http.routers.common import api_router

router = api_router("stories")


@router.post("/programs/{program_id}/stories", status_code=201, summary="Record a success story")
def record_story(program_id: UUID, caller: AdminCaller, context: NewCommandDep, body: RecordStory,
                 service: ServiceDep) -> StoryRecorded:
    """A notable outcome the program communicates, optionally tied to one mentorship."""
    story_id = service.handle(body.to_command(context, program_id=program_id))
    return StoryRecorded(story_id=story_id)
