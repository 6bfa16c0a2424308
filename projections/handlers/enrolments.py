"""Mentor and mentee enrolment events → enrolments, nominations and mentor slots."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking

from domain.mentees import MenteeEnrolment
from domain.mentors import MentorEnrolment
from projections.handlers.base import RowProjection, person
from projections.portal import mentor_table
from projections.rows import RowBatch


class EnrolmentProjection(RowProjection):
    """Who offers to mentor (and how they got there), who enrolled to be mentored; the mentor
    enrolments a batch changes get their program_mentors rows rewritten after its rows."""

    _changed_batch: RowBatch | None = None
    _changed: list[UUID]

    def _mentor_changed(self, event: Any) -> None:
        """Note that the event's enrolment changed: its program_mentors row is rewritten once
        the batch's rows are written (one rewrite of every enrolment the batch changed)."""
        batch = self.rows
        if self._changed_batch is not batch:
            self._changed_batch, self._changed = batch, []
            batch.statements.extend(
                (statement, [self._changed] * statement.count("?"))
                for statement in mentor_table.refresh_enrolments()
            )
        self._changed.append(event.originator_id)

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Events of other aggregates add no rows here."""

    def _mentor_updated(self, event: Any, table: str, key: tuple[Any, ...], **values: Any) -> None:
        """Update the event's row of `table` with `values`; its program_mentors row follows."""
        self.rows.update(table, key, **values)
        self._mentor_changed(event)

    def _mentor_enrolled(
        self, event: MentorEnrolment.Volunteered | MentorEnrolment.Nominated, route: str,
        status: str, **offer: Any,
    ) -> None:
        self.rows.insert(
            "mentor_enrolments", enrolment_id=event.originator_id, program_id=event.program_id,
            mentor_id=person(event.employee_id), round_no=event.round_number,
            route=route, status=status, enrolled_on=event.effective_date, **offer,
        )
        self._mentor_changed(event)

    @process_event.register
    def _volunteered(self, event: MentorEnrolment.Volunteered, tracking: Tracking) -> None:
        self._mentor_enrolled(event, "volunteered", "active", **_offer(event))

    @process_event.register
    def _nominated(self, event: MentorEnrolment.Nominated, tracking: Tracking) -> None:
        self._mentor_enrolled(event, "nominated", "nominated")
        self.rows.insert(
            "nominations", nomination_id=event.originator_id, program_id=event.program_id,
            round_no=event.round_number, nominee_id=person(event.employee_id),
            nominated_by=event.actor, nominated_on=event.effective_date, outcome="pending",
        )

    @process_event.register
    def _accepted(self, event: MentorEnrolment.NominationAccepted, tracking: Tracking) -> None:
        key = (event.originator_id,)
        self.rows.update("mentor_enrolments", key, status="active", **_offer(event))
        self.rows.update("nominations", key, outcome="accepted", decided_on=event.effective_date)
        self._mentor_changed(event)

    @process_event.register
    def _declined(self, event: MentorEnrolment.NominationDeclined, tracking: Tracking) -> None:
        key = (event.originator_id,)
        self.rows.update("mentor_enrolments", key, status="declined")
        self.rows.update("nominations", key, outcome="declined", decided_on=event.effective_date)
        self._mentor_changed(event)

    @process_event.register
    def _trained(self, event: MentorEnrolment.TrainingCompleted, tracking: Tracking) -> None:
        self._mentor_updated(
            event, "mentor_enrolments", (event.originator_id,), trained_on=event.effective_date
        )

    @process_event.register
    def _profile(self, event: MentorEnrolment.ProfileUpdated, tracking: Tracking) -> None:
        self._mentor_updated(event, "mentor_enrolments", (event.originator_id,), **_offer(event))

    @process_event.register
    def _withdrew(self, event: MentorEnrolment.Withdrew, tracking: Tracking) -> None:
        withdrawn = {"status": "withdrawn", "withdrawn_on": event.effective_date}
        self._mentor_updated(event, "mentor_enrolments", (event.originator_id,), **withdrawn)

    @process_event.register
    def _taken(self, event: MentorEnrolment.MenteeTaken, tracking: Tracking) -> None:
        self.rows.insert(
            "mentor_slots", enrolment_id=event.originator_id, mentorship_id=event.mentorship_id,
            mentee_id=person(event.mentee_id), taken_on=event.effective_date,
        )
        self._mentor_changed(event)

    @process_event.register
    def _released(self, event: MentorEnrolment.MenteeReleased, tracking: Tracking) -> None:
        slot = (event.originator_id, event.mentorship_id)
        self._mentor_updated(event, "mentor_slots", slot, released_on=event.effective_date)

    @process_event.register
    def _mentee_enrolled(self, event: MenteeEnrolment.Enrolled, tracking: Tracking) -> None:
        self.rows.insert(
            "mentee_enrolments", enrolment_id=event.originator_id, program_id=event.program_id,
            mentee_id=person(event.employee_id), round_no=event.round_number,
            enrolled_on=event.effective_date, topics=list(event.topics),
        )


def _offer(
    event: (
        MentorEnrolment.Volunteered
        | MentorEnrolment.NominationAccepted
        | MentorEnrolment.ProfileUpdated
    ),
) -> dict[str, Any]:
    """What a mentor offers: topics, how many mentees, hours a month."""
    return {
        "topics": list(event.topics), "capacity": event.capacity,
        "hours_per_month": event.hours_per_month,
    }
