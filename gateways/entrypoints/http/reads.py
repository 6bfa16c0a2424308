"""Current-state reads the service has no getter for, all through its own repository and log.

The roster scans the application's log for enrolment creations (filtered by topic), then loads
each enrolment; fine for a company's programs, and the place to swap in a read-side query.
"""

from __future__ import annotations

from collections.abc import Iterator
from uuid import UUID

from eventsourcing.utils import get_topic

from domain.base import MentoringAggregate
from domain.errors import EnrolmentNotFound
from domain.mentees import MenteeEnrolment
from domain.mentors import MentorEnrolment
from domain.mentorships import Mentorship
from services.mentoring import MentoringService

PAGE = 500
ENROLMENT_CLASSES: dict[str, type[MentorEnrolment] | type[MenteeEnrolment]] = {
    get_topic(MentorEnrolment.Volunteered): MentorEnrolment,
    get_topic(MentorEnrolment.Nominated): MentorEnrolment,
    get_topic(MenteeEnrolment.Enrolled): MenteeEnrolment,
}
"""The topic of each event that creates an enrolment, and the enrolment class it creates."""


def mentee_enrolment(
    service: MentoringService, program_id: UUID, employee_id: str
) -> MenteeEnrolment:
    """A mentee's enrolment (EnrolmentNotFound, naming the employee, if none)."""
    try:
        return service.load(MenteeEnrolment, MenteeEnrolment.create_id(program_id, employee_id))
    except EnrolmentNotFound:
        raise EnrolmentNotFound(f"mentee enrolment of {employee_id} not found") from None


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
    for cls, enrolment_id in _enrolment_ids(service, program_id):
        enrolment: MentoringAggregate = service.load(cls, enrolment_id)
        if isinstance(enrolment, MentorEnrolment):
            mentors.append(enrolment)
        elif isinstance(enrolment, MenteeEnrolment):
            mentees.append(enrolment)
    return mentors, mentees


def _enrolment_ids(
    service: MentoringService, program_id: UUID
) -> Iterator[tuple[type[MentorEnrolment] | type[MenteeEnrolment], UUID]]:
    """The class and id of every enrolment the program's log created, in recorded order."""
    start = 1
    while True:
        page = service.recorder.select_notifications(
            start=start, limit=PAGE, topics=list(ENROLMENT_CLASSES)
        )
        for notification in page:
            created = service.mapper.to_domain_event(notification)
            if getattr(created, "program_id", None) == program_id:
                yield ENROLMENT_CLASSES[notification.topic], created.originator_id
        if len(page) < PAGE:
            return
        start = page[-1].id + 1
