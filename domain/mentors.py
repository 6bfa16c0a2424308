"""The MentorEnrolment aggregate: one person as a mentor in one program.

Its id is ``natural_id("mentor", program_id, hris_id)``. It holds the capacity *and* the
mentees currently taken, so every acceptance for this mentor writes to it: two concurrent
acceptances for the last free slot then collide on its version and only one is stored.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import event

from domain.base import MentoringAggregate, natural_id
from domain.errors import (
    InvalidValue,
    MentorAtCapacity,
    MentorNotAvailable,
    MentorUntrained,
    NominationNotPending,
    TopicNotOffered,
)

NOMINATED = "nominated"
ACTIVE = "active"
DECLINED = "declined"
WITHDRAWN = "withdrawn"


def _check_profile(topics: tuple[str, ...], capacity: int, hours_per_month: int) -> None:
    if not topics:
        raise InvalidValue("a mentor states at least one topic")
    if capacity < 1:
        raise InvalidValue(f"capacity must be at least 1, not {capacity}")
    if not 1 <= hours_per_month <= 200:
        raise InvalidValue(f"hours set aside per month must be 1-200, not {hours_per_month}")


class MentorEnrolment(MentoringAggregate):
    """A person's mentoring offer in a program: topics, capacity, time, training, mentees."""

    class Volunteered(MentoringAggregate.Created):
        """The person opted in as a mentor."""

        employee_id: str
        program_id: UUID
        round_number: int
        topics: tuple[str, ...]
        capacity: int
        hours_per_month: int

    class Nominated(MentoringAggregate.Created):
        """An executive (the actor) nominated the person as a mentor."""

        employee_id: str
        program_id: UUID
        round_number: int

    class NominationAccepted(MentoringAggregate.Event):
        """The nominee accepted, stating what they offer."""

        topics: tuple[str, ...]
        capacity: int
        hours_per_month: int

    class NominationDeclined(MentoringAggregate.Event):
        """The nominee declined."""

        reason: str

    class TrainingCompleted(MentoringAggregate.Event):
        """The mentor completed the mentor training."""

        course: str

    class ProfileUpdated(MentoringAggregate.Event):
        """The mentor changed topics, capacity or time set aside."""

        topics: tuple[str, ...]
        capacity: int
        hours_per_month: int

    class Withdrew(MentoringAggregate.Event):
        """The mentor stopped taking new mentees."""

        reason: str

    class MenteeTaken(MentoringAggregate.Event):
        """A slot of the capacity is now used by a mentorship."""

        mentorship_id: UUID
        mentee_id: str

    class MenteeReleased(MentoringAggregate.Event):
        """A mentorship ended and freed its slot."""

        mentorship_id: UUID

    @staticmethod
    def create_id(program_id: UUID, employee_id: str) -> UUID:
        """The aggregate id of ``employee_id``'s mentor enrolment in ``program_id``."""
        return natural_id("mentor", program_id, employee_id)

    @classmethod
    def volunteer(
        cls,
        *,
        employee_id: str,
        program_id: UUID,
        round_number: int,
        topics: tuple[str, ...],
        capacity: int,
        hours_per_month: int,
        actor: str,
        effective_date: date,
    ) -> MentorEnrolment:
        """Enrol a volunteer mentor."""
        _check_profile(tuple(topics), capacity, hours_per_month)
        return cls._create(
            cls.Volunteered,
            employee_id=employee_id,
            program_id=program_id,
            round_number=round_number,
            topics=tuple(topics),
            capacity=capacity,
            hours_per_month=hours_per_month,
            actor=actor,
            effective_date=effective_date,
        )

    @classmethod
    def nominate(
        cls,
        *,
        employee_id: str,
        program_id: UUID,
        round_number: int,
        actor: str,
        effective_date: date,
    ) -> MentorEnrolment:
        """Record an executive's nomination; the nominee must accept before mentoring."""
        return cls._create(
            cls.Nominated,
            employee_id=employee_id,
            program_id=program_id,
            round_number=round_number,
            actor=actor,
            effective_date=effective_date,
        )

    def __init__(
        self,
        employee_id: str,
        program_id: UUID,
        round_number: int,
        topics: tuple[str, ...] = (),
        capacity: int = 0,
        hours_per_month: int = 0,
    ) -> None:
        self.employee_id = employee_id
        self.program_id = program_id
        self.round_number = round_number
        self.topics = tuple(topics)
        self.capacity = capacity
        self.hours_per_month = hours_per_month
        self.status = ACTIVE if capacity else NOMINATED
        self.trained = False
        self.mentees: dict[UUID, str] = {}

    @property
    def free_slots(self) -> int:
        """How many more mentees the mentor can take now."""
        return max(self.capacity - len(self.mentees), 0)

    def check_nomination_pending(self) -> None:
        """Refuse answering a nomination that is not waiting for an answer."""
        if self.status != NOMINATED:
            raise NominationNotPending(
                f"the enrolment of {self.employee_id} is {self.status}, not a pending nomination"
            )

    def accept_nomination(
        self,
        topics: tuple[str, ...],
        capacity: int,
        hours_per_month: int,
        actor: str,
        effective_date: date,
    ) -> None:
        """The nominee accepts, stating topics, capacity and time set aside."""
        self.check_nomination_pending()
        _check_profile(tuple(topics), capacity, hours_per_month)
        self._nomination_accepted(tuple(topics), capacity, hours_per_month, actor, effective_date)

    @event(NominationAccepted)
    def _nomination_accepted(
        self,
        topics: tuple[str, ...],
        capacity: int,
        hours_per_month: int,
        actor: str,
        effective_date: date,
    ) -> None:
        self.topics = tuple(topics)
        self.capacity = capacity
        self.hours_per_month = hours_per_month
        self.status = ACTIVE

    def decline_nomination(self, reason: str, actor: str, effective_date: date) -> None:
        """The nominee declines."""
        self.check_nomination_pending()
        self._nomination_declined(reason, actor, effective_date)

    @event(NominationDeclined)
    def _nomination_declined(self, reason: str, actor: str, effective_date: date) -> None:
        self.status = DECLINED

    def complete_training(self, course: str, actor: str, effective_date: date) -> None:
        """Record the mentor training as done (idempotent: no event if done already)."""
        if not self.trained:
            self._training_completed(course, actor, effective_date)

    @event(TrainingCompleted)
    def _training_completed(self, course: str, actor: str, effective_date: date) -> None:
        self.trained = True

    def update_profile(
        self,
        topics: tuple[str, ...],
        capacity: int,
        hours_per_month: int,
        actor: str,
        effective_date: date,
    ) -> None:
        """Change what the mentor offers; capacity cannot drop below the mentees taken."""
        self.check_active()
        _check_profile(tuple(topics), capacity, hours_per_month)
        if capacity < len(self.mentees):
            raise InvalidValue(
                f"capacity {capacity} is below the {len(self.mentees)} active mentees"
            )
        self._profile_updated(tuple(topics), capacity, hours_per_month, actor, effective_date)

    @event(ProfileUpdated)
    def _profile_updated(
        self,
        topics: tuple[str, ...],
        capacity: int,
        hours_per_month: int,
        actor: str,
        effective_date: date,
    ) -> None:
        self.topics = tuple(topics)
        self.capacity = capacity
        self.hours_per_month = hours_per_month

    def withdraw(self, reason: str, actor: str, effective_date: date) -> None:
        """Stop taking new mentees (active mentorships go on until they end)."""
        self.check_active()
        self._withdrew(reason, actor, effective_date)

    @event(Withdrew)
    def _withdrew(self, reason: str, actor: str, effective_date: date) -> None:
        self.status = WITHDRAWN

    def check_active(self) -> None:
        """Refuse when the enrolment is not an active mentor offer."""
        if self.status != ACTIVE:
            raise MentorNotAvailable(f"{self.employee_id} is {self.status} as a mentor")

    def check_can_take(self, topic: str | None, require_training: bool) -> None:
        """Refuse a new mentee the mentor cannot take: inactive, untrained, topic, capacity."""
        self.check_active()
        if require_training and not self.trained:
            raise MentorUntrained(
                f"{self.employee_id} has not completed the mentor training this program requires"
            )
        if topic is not None and topic not in self.topics:
            raise TopicNotOffered(
                f"{self.employee_id} mentors on {', '.join(self.topics)}, not {topic!r}"
            )
        if self.free_slots == 0:
            raise MentorAtCapacity(
                f"{self.employee_id} already has {len(self.mentees)} active mentees"
                f" (capacity {self.capacity})"
            )

    def take_mentee(
        self,
        mentorship_id: UUID,
        mentee_id: str,
        require_training: bool,
        actor: str,
        effective_date: date,
        topic: str | None = None,
    ) -> None:
        """Use one slot for a new mentorship (the capacity rule is checked here)."""
        self.check_can_take(topic, require_training)
        self._mentee_taken(mentorship_id, mentee_id, actor, effective_date)

    @event(MenteeTaken)
    def _mentee_taken(
        self, mentorship_id: UUID, mentee_id: str, actor: str, effective_date: date
    ) -> None:
        self.mentees[mentorship_id] = mentee_id

    def release_mentee(self, mentorship_id: UUID, actor: str, effective_date: date) -> None:
        """Free the slot of an ended mentorship (no event if it held none)."""
        if mentorship_id in self.mentees:
            self._mentee_released(mentorship_id, actor, effective_date)

    @event(MenteeReleased)
    def _mentee_released(self, mentorship_id: UUID, actor: str, effective_date: date) -> None:
        del self.mentees[mentorship_id]
