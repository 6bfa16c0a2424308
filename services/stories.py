"""Success stories: notable outcomes a program communicates."""

from __future__ import annotations

from dataclasses import field
from uuid import UUID, uuid4

from domain.programs import Program
from domain.stories import SuccessStory
from services.changes import Changes
from services.command import Command, command, handles


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
    program = changes.get(Program, command.program_id)
    story = SuccessStory.record(
        story_id=command.story_id,
        program_id=program.id,
        mentorship_id=command.mentorship_id,
        title=command.title,
        text=command.text,
        employee_ids=tuple(command.employee_ids),
        stamp=command.stamp,
    )
    return changes.add(story).id
