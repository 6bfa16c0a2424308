"""Mentorship events → mentorships, participations, kickoffs, goals, sessions, memos, surveys.

Private text (kickoff answers, memo text, goal descriptions) never reaches the read side.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking

from domain.mentorships import Mentorship
from projections.handlers.base import RowProjection, person


class MentorshipProjection(RowProjection):
    """A pair's life: start (matched or assigned), kickoff, goals, sessions, memos, end."""

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Events of other aggregates add no rows here."""

    def _start(self, event: Any, origin: str, request_id: Any) -> None:
        mentee, mentor = person(event.mentee_id), person(event.mentor_id)
        self.rows.insert(
            "mentorships", mentorship_id=event.originator_id, program_id=event.program_id,
            mentee_id=mentee, mentor_id=mentor, request_id=request_id, origin=origin,
            topic=event.topic, started_on=event.effective_date,
        )
        for role, who in (("mentee", mentee), ("mentor", mentor)):
            self.rows.insert(
                "participations", mentorship_id=event.originator_id, employee_id=who,
                role=role, program_id=event.program_id, started_on=event.effective_date,
            )
        self.rows.new_mentorships = True

    @process_event.register
    def _matched(self, event: Mentorship.Matched, tracking: Tracking) -> None:
        self._start(event, "request", event.request_id)

    @process_event.register
    def _assigned(self, event: Mentorship.PairAssigned, tracking: Tracking) -> None:
        self._start(event, "assigned", None)

    @process_event.register
    def _cohort_matched(self, event: Mentorship.CohortMatched, tracking: Tracking) -> None:
        self._start(event, "matching", None)

    @process_event.register
    def _kickoff(self, event: Mentorship.KickoffAnswered, tracking: Tracking) -> None:
        self.rows.insert(
            "kickoffs", notification_id=tracking.notification_id,
            mentorship_id=event.originator_id, participant_id=person(event.participant_id),
            answered_on=event.effective_date,
        )

    @process_event.register
    def _goal_set(self, event: Mentorship.GoalSet, tracking: Tracking) -> None:
        self.rows.insert(
            "goals", mentorship_id=event.originator_id, goal_id=event.goal_id,
            set_on=event.effective_date,
        )

    @process_event.register
    def _goal_achieved(self, event: Mentorship.GoalAchieved, tracking: Tracking) -> None:
        self.rows.update(
            "goals", (event.originator_id, event.goal_id), achieved_on=event.effective_date
        )

    @process_event.register
    def _session(self, event: Mentorship.SessionHeld, tracking: Tracking) -> None:
        self.rows.insert(
            "sessions", notification_id=tracking.notification_id,
            mentorship_id=event.originator_id, held_on=event.effective_date,
            duration_minutes=event.duration_minutes, mode=event.mode, topics=list(event.topics),
        )

    @process_event.register
    def _memo(self, event: Mentorship.MemoFiled, tracking: Tracking) -> None:
        self.rows.insert(
            "memos", notification_id=tracking.notification_id,
            mentorship_id=event.originator_id, filed_on=event.effective_date,
            skills=list(event.skills),
        )

    @process_event.register
    def _survey(self, event: Mentorship.SurveyAnswered, tracking: Tracking) -> None:
        self.rows.insert(
            "surveys", notification_id=tracking.notification_id,
            mentorship_id=event.originator_id, respondent_id=person(event.respondent_id),
            answered_on=event.effective_date, confidence=event.confidence,
            commitment=event.commitment, org_understanding=event.org_understanding,
            networking=event.networking, pairing_fit=event.pairing_fit,
        )

    @process_event.register
    def _ended(self, event: Mentorship.Ended, tracking: Tracking) -> None:
        ended = {"ended_on": event.effective_date, "end_reason": event.reason}
        self.rows.update("mentorships", (event.originator_id,), **ended)
        for role in ("mentee", "mentor"):
            self.rows.update("participations", (event.originator_id, role), **ended)
