"""Success stories: notable outcomes a program communicates."""

from __future__ import annotations

from dataclasses import field
from uuid import UUID, uuid4

from domain.programs import Program
from domain.stories import SuccessStory
from services.changes import Changes
from services.command import Command, arguments, command, handles


@command
class RecordSuccessStory(Command[UUID]):
    """Record a story of a program, optionally of one mentorship; returns the story id."""

    program_id: UUID
    title: str
    text: str
    mentorship_id: UUID | None = None
    employee_ids: tuple[str, ...] = ()
    story_id: UUID = field(default_factory=uuid4)


@handles(RecordSuccessStory)
def record_success_story(command: RecordSuccessStory, changes: Changes) -> UUID:
    changes.get(Program, command.program_id)  # ProgramNotFound if there is none
    story = SuccessStory.record(**arguments(command))
    return changes.add(story).id
