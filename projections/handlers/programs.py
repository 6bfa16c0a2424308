"""Program events → programs and program_rounds; success stories → success_stories."""

from __future__ import annotations

from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking

from domain.programs import Program
from domain.stories import SuccessStory
from projections.handlers.base import RowProjection, columns


class ProgramProjection(RowProjection):
    """Programs, their timeline and their rounds (cohorts), and the success stories a program
    recorded to keep its momentum."""

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Events of other aggregates add no rows here."""

    @process_event.register
    def _launched(self, event: Program.Launched, tracking: Tracking) -> None:
        self.rows.insert(
            "programs",
            program_id=event.originator_id,
            **columns(
                event, "name", "program_type", "formality", "starts_on", "ends_on",
                "meeting_cadence",
            ),
            sponsor_hris_id=event.executive_sponsor_id,
            launched_on=event.effective_date,
        )

    @process_event.register
    def _round_opened(self, event: Program.RoundOpened, tracking: Tracking) -> None:
        self.rows.insert(
            "program_rounds",
            program_id=event.originator_id,
            round_no=event.round_number,
            round_name=event.round_name,
            departments=list(event.departments),
            opened_on=event.effective_date,
            hired_on_or_after=event.hired_on_or_after,
            max_tenure_days=event.max_tenure_days,
        )

    @process_event.register
    def _round_closed(self, event: Program.RoundClosed, tracking: Tracking) -> None:
        self.rows.update(
            "program_rounds", (event.originator_id, event.round_number),
            closed_on=event.effective_date,
        )

    @process_event.register
    def _closed(self, event: Program.Closed, tracking: Tracking) -> None:
        self.rows.update("programs", (event.originator_id,), closed_on=event.effective_date)

    @process_event.register
    def _story_recorded(self, event: SuccessStory.Recorded, tracking: Tracking) -> None:
        """A success story: its title and how many people, never its text."""
        self.rows.insert(
            "success_stories", story_id=event.originator_id, program_id=event.program_id,
            mentorship_id=event.mentorship_id, recorded_on=event.effective_date,
            title=event.title, people=len(event.employee_ids),
        )
