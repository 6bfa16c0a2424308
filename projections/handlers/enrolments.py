"""Mentor and mentee enrolment events → enrolments, nominations and mentor slots."""

from __future__ import annotations

from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking

from domain.mentees import MenteeEnrolment
from domain.mentors import MentorEnrolment
from projections.handlers.base import RowProjection, person


class EnrolmentProjection(RowProjection):
    """Who offers to mentor (and how they got there), who enrolled to be mentored."""

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Events of other aggregates add no rows here."""

    def _mentor_enrolled(
        self, event: MentorEnrolment.Volunteered | MentorEnrolment.Nominated, route: str,
        status: str, **offer: Any,
    ) -> None:
        self.rows.insert(
            "mentor_enrolments", enrolment_id=event.originator_id, program_id=event.program_id,
            mentor_id=person(event.employee_id), round_no=event.round_number,
            route=route, status=status, enrolled_on=event.effective_date, **offer,
        )

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

    @process_event.register
    def _declined(self, event: MentorEnrolment.NominationDeclined, tracking: Tracking) -> None:
        key = (event.originator_id,)
        self.rows.update("mentor_enrolments", key, status="declined")
        self.rows.update("nominations", key, outcome="declined", decided_on=event.effective_date)

    @process_event.register
    def _trained(self, event: MentorEnrolment.TrainingCompleted, tracking: Tracking) -> None:
        self.rows.update(
            "mentor_enrolments", (event.originator_id,), trained_on=event.effective_date
        )

    @process_event.register
    def _profile(self, event: MentorEnrolment.ProfileUpdated, tracking: Tracking) -> None:
        self.rows.update("mentor_enrolments", (event.originator_id,), **_offer(event))

    @process_event.register
    def _withdrew(self, event: MentorEnrolment.Withdrew, tracking: Tracking) -> None:
        self.rows.update(
            "mentor_enrolments", (event.originator_id,), status="withdrawn",
            withdrawn_on=event.effective_date,
        )

    @process_event.register
    def _taken(self, event: MentorEnrolment.MenteeTaken, tracking: Tracking) -> None:
        self.rows.insert(
            "mentor_slots", enrolment_id=event.originator_id, mentorship_id=event.mentorship_id,
            mentee_id=person(event.mentee_id), taken_on=event.effective_date,
        )

    @process_event.register
    def _released(self, event: MentorEnrolment.MenteeReleased, tracking: Tracking) -> None:
        self.rows.update(
            "mentor_slots", (event.originator_id, event.mentorship_id),
            released_on=event.effective_date,
        )

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
