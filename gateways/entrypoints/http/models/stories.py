"""Success stories of a program."""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel, Field

from gateways.entrypoints.http.models.common import CommandBody, HrisId, LongText, Name
from services import stories


class RecordStory(CommandBody):
    """A notable outcome, optionally tied to one mentorship."""

    command = stories.RecordSuccessStory

    title: Name
    text: LongText
    mentorship_id: UUID | None = None
    employee_ids: list[HrisId] = Field(default_factory=list, max_length=50)


class StoryRecorded(BaseModel):
    """The id of the recorded story."""

    story_id: UUID
