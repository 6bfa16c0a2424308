"""Request events → requests (one row each) and request_answers (one per mentor asked)."""

from __future__ import annotations

from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking

from domain.employees import ERASED, Employee
from domain.requests import MentorshipRequest
from projections.handlers.base import RowProjection, person


class RequestProjection(RowProjection):
    """A request's life: made, asked of each ranked mentor in turn, and how each answered."""

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Events of other aggregates add no rows here."""

    def _ask(self, request_id: Any, mentor: str, index: int, event: Any) -> None:
        self.rows.insert(
            "request_answers", request_id=request_id, mentor_id=person(mentor),
            choice_index=index, asked_on=event.effective_date, respond_by=event.respond_by,
            answer="pending",
        )

    def _answer(self, event: Any, answer: str, **values: Any) -> None:
        key = (event.originator_id, person(event.mentor_id))
        self.rows.update(
            "request_answers", key, answer=answer, answered_on=event.effective_date, **values
        )
        self.rows.update(
            "requests", (event.originator_id,), outcome=answer, outcome_on=event.effective_date,
            version=event.originator_version,
        )

    @process_event.register
    def _made(self, event: MentorshipRequest.Made, tracking: Tracking) -> None:
        self.rows.insert(
            "requests", request_id=event.originator_id, program_id=event.program_id,
            round_no=event.round_number, mentee_id=person(event.mentee_id), topic=event.topic,
            made_on=event.effective_date, choices=len(event.choices),
            mentor_id=person(event.choices[0]), choice_index=0, respond_by=event.respond_by,
            outcome="pending", version=event.originator_version, ranked=list(event.choices),
            reason=event.reason,
        )
        self._ask(event.originator_id, event.choices[0], 0, event)

    @process_event.register
    def _accepted(self, event: MentorshipRequest.Accepted, tracking: Tracking) -> None:
        self._answer(event, "accepted")
        self.rows.update(
            "requests", (event.originator_id,), mentorship_id=event.mentorship_id
        )

    @process_event.register
    def _declined(self, event: MentorshipRequest.Declined, tracking: Tracking) -> None:
        self._answer(event, "declined", decline_reason=event.reason)

    @process_event.register
    def _expired(self, event: MentorshipRequest.Expired, tracking: Tracking) -> None:
        self._answer(event, "expired")

    @process_event.register
    def _forwarded(self, event: MentorshipRequest.Forwarded, tracking: Tracking) -> None:
        self._ask(event.originator_id, event.to_mentor_id, event.choice_index, event)
        self.rows.update(
            "requests", (event.originator_id,), outcome="pending", outcome_on=None,
            mentor_id=person(event.to_mentor_id), choice_index=event.choice_index,
            respond_by=event.respond_by, version=event.originator_version,
        )

    @process_event.register
    def _withdrawn(self, event: MentorshipRequest.Withdrawn, tracking: Tracking) -> None:
        self.rows.update(
            "requests", (event.originator_id,), outcome="withdrawn",
            outcome_on=event.effective_date, version=event.originator_version,
        )
        self.rows.withdrawals = True

    @process_event.register
    def _erased(self, event: Employee.PersonalDataErased, tracking: Tracking) -> None:
        """The reasons the person wrote (as mentee, as declining mentor) read as erased, as a
        rebuild reads them once their key is gone."""
        for table, text, writer in (
            ("requests", "reason", "mentee_id"), ("request_answers", "decline_reason", "mentor_id")
        ):
            self.rows.statements.append((
                f"UPDATE {table} SET {text} = ? WHERE {writer} = ? AND {text} IS NOT NULL",
                [ERASED, event.originator_id],
            ))
