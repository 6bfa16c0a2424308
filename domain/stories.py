"""The SuccessStory aggregate: a notable outcome the program communicates."""

from __future__ import annotations

from uuid import UUID

from domain.base import CreatedWithState, MentoringAggregate, Stamp
from domain.errors import InvalidValue, StoryNotFound


class SuccessStory(MentoringAggregate):
    """A success story of a program, optionally tied to one mentorship."""

    not_found = StoryNotFound
    noun = "success story"
    program_id: UUID  # the state: the Recorded fields
    mentorship_id: UUID | None
    title: str
    text: str
    employee_ids: tuple[str, ...]

    class Recorded(CreatedWithState):
        """The story was recorded (e.g. "close rate up 15% after a day with a mentor")."""

        private_fields = frozenset({"text"})

        program_id: UUID
        mentorship_id: UUID | None
        title: str
        text: str
        employee_ids: tuple[str, ...]

    @classmethod
    def record(
        cls,
        *,
        story_id: UUID,
        program_id: UUID,
        mentorship_id: UUID | None,
        title: str,
        text: str,
        employee_ids: tuple[str, ...],
        stamp: Stamp,
    ) -> SuccessStory:
        """Record a story (with the id the command chose); it needs a title."""
        if not title.strip():
            raise InvalidValue("a success story needs a title")
        return cls._create(
            cls.Recorded,
            id=story_id,
            program_id=program_id,
            mentorship_id=mentorship_id,
            title=title,
            text=text,
            employee_ids=tuple(employee_ids),
            **stamp.fields,
        )
