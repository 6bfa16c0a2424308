"""Success story events → success_stories (title and how many people; never the text)."""

from __future__ import annotations

from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking

from domain.stories import SuccessStory
from projections.handlers.base import RowProjection


class StoryProjection(RowProjection):
    """Success stories a program recorded to keep its momentum."""

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Events of other aggregates add no rows here."""

    @process_event.register
    def _recorded(self, event: SuccessStory.Recorded, tracking: Tracking) -> None:
        self.rows.insert(
            "success_stories", story_id=event.originator_id, program_id=event.program_id,
            mentorship_id=event.mentorship_id, recorded_on=event.effective_date,
            title=event.title, people=len(event.employee_ids),
        )
