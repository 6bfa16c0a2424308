"""Success stories a program records to keep momentum."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.stories import SuccessStory
from services.core import Decision, ServiceCore


class StoryCommands(ServiceCore):
    """Commands of program communicators."""

    def record_success_story(
        self,
        *,
        command_id: str | None,
        actor: str,
        program_id: UUID,
        title: str,
        text: str,
        effective_date: date,
        mentorship_id: UUID | None = None,
        employee_ids: tuple[str, ...] = (),
    ) -> UUID:
        """Record a success story of the program; returns the story id."""

        def decide() -> Decision:
            program = self._program(program_id)
            story = SuccessStory.record(
                program_id=program.id,
                mentorship_id=mentorship_id,
                title=title,
                text=text,
                employee_ids=tuple(employee_ids),
                actor=actor,
                effective_date=effective_date,
            )
            return str(story.id), [story]

        return self._handle_id("record_success_story", command_id, actor, effective_date, decide)
