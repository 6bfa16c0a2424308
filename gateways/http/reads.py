"""Current-state reads the service has no getter for, all through its own repository and log.

The roster scans the application's log for enrolment creations (filtered by topic), then loads
each enrolment; fine for a company's programs, and the place to swap in a read-side query.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate

from domain.errors import EnrolmentNotFound, NotFound
from domain.mentees import MenteeEnrolment
from domain.mentors import MentorEnrolment
from domain.mentorships import Mentorship
from services.mentoring import MentoringService

A = TypeVar("A", bound=Aggregate)
PAGE = 500
ENROLMENT_TOPICS = [
    "domain.mentors:MentorEnrolment.Volunteered",
    "domain.mentors:MentorEnrolment.Nominated",
    "domain.mentees:MenteeEnrolment.Enrolled",
]


def load(service: MentoringService, cls: type[A], aggregate_id: UUID,
         missing: type[NotFound], what: str) -> A:
    """The aggregate, or the domain's NotFound error naming ``what``."""
    try:
        aggregate: Aggregate = service.repository.get(aggregate_id)
    except AggregateNotFoundError:
        raise missing(f"{what} not found") from None
    if not isinstance(aggregate, cls):
        raise missing(f"{what} not found")
    return aggregate


def mentee_enrolment(
    service: MentoringService, program_id: UUID, employee_id: str
) -> MenteeEnrolment:
    """A mentee's enrolment (EnrolmentNotFound if none)."""
    return load(
        service, MenteeEnrolment, MenteeEnrolment.create_id(program_id, employee_id),
        EnrolmentNotFound, f"mentee enrolment of {employee_id}",
    )


def private_events(service: MentoringService, mentorship: Mentorship) -> Iterator[object]:
    """The mentorship's kickoff answers and memos, which its state does not keep."""
    for domain_event in service.repository.event_store.get(mentorship.id):
        if isinstance(domain_event, Mentorship.KickoffAnswered | Mentorship.MemoFiled):
            yield domain_event


def roster(
    service: MentoringService, program_id: UUID
) -> tuple[list[MentorEnrolment], list[MenteeEnrolment]]:
    """Every mentor and mentee enrolment of the program."""
    mentors: list[MentorEnrolment] = []
    mentees: list[MenteeEnrolment] = []
    for enrolment_id in _enrolment_ids(service, program_id):
        enrolment: Aggregate = service.repository.get(enrolment_id)
        if isinstance(enrolment, MentorEnrolment):
            mentors.append(enrolment)
        elif isinstance(enrolment, MenteeEnrolment):
            mentees.append(enrolment)
    return mentors, mentees


def _enrolment_ids(service: MentoringService, program_id: UUID) -> Iterator[UUID]:
    start = 1
    while True:
        page = service.recorder.select_notifications(
            start=start, limit=PAGE, topics=ENROLMENT_TOPICS
        )
        for notification in page:
            created = service.mapper.to_domain_event(notification)
            if getattr(created, "program_id", None) == program_id:
                yield created.originator_id
        if len(page) < PAGE:
            return
        start = page[-1].id + 1
