"""The MentorEnrolment aggregate: one person as a mentor in one program.

Its id is ``natural_id("mentor", program_id, hris_id)``. It holds the capacity *and* the
mentees currently taken, so every acceptance for this mentor writes to it: two concurrent
acceptances for the last free slot then collide on its version and only one is stored.
"""

from __future__ import annotations

from uuid import UUID

from domain.base import MentoringAggregate, Stamp, natural_id
from domain.errors import (
    EnrolmentNotFound,
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


class _OfferStated(MentoringAggregate.Event):
    """The fields and the state change of the events stating a mentor's offer (topics, capacity,
    time set aside). Only their base: outside the aggregate, it is no event of its own."""

    topics: tuple[str, ...]
    capacity: int
    hours_per_month: int

    def apply(self, aggregate: MentorEnrolment) -> None:
        aggregate._hold_offer(self.topics, self.capacity, self.hours_per_month)


class MentorEnrolment(MentoringAggregate):
    """A person's mentoring offer in a program: topics, capacity, time, training, mentees."""

    not_found = EnrolmentNotFound
    noun = "mentor enrolment"

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

    class NominationAccepted(_OfferStated):
        """The nominee accepted, stating what they offer."""

        def apply(self, aggregate: MentorEnrolment) -> None:
            super().apply(aggregate)
            aggregate.status = ACTIVE

    class NominationDeclined(MentoringAggregate.Event):
        """The nominee declined."""

        private_fields = frozenset({"reason"})

        reason: str

        def apply(self, aggregate: MentorEnrolment) -> None:
            aggregate.status = DECLINED

    class TrainingCompleted(MentoringAggregate.Event):
        """The mentor completed the mentor training."""

        course: str

        def apply(self, aggregate: MentorEnrolment) -> None:
            aggregate.trained = True

    class ProfileUpdated(_OfferStated):
        """The mentor changed topics, capacity or time set aside."""

    class Withdrew(MentoringAggregate.Event):
        """The mentor stopped taking new mentees."""

        private_fields = frozenset({"reason"})

        reason: str

        def apply(self, aggregate: MentorEnrolment) -> None:
            aggregate.status = WITHDRAWN

    class MenteeTaken(MentoringAggregate.Event):
        """A slot of the capacity is now used by a mentorship."""

        mentorship_id: UUID
        mentee_id: str

        def apply(self, aggregate: MentorEnrolment) -> None:
            aggregate.mentees[self.mentorship_id] = self.mentee_id

    class MenteeReleased(MentoringAggregate.Event):
        """A mentorship ended and freed its slot."""

        mentorship_id: UUID

        def apply(self, aggregate: MentorEnrolment) -> None:
            del aggregate.mentees[self.mentorship_id]

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
        stamp: Stamp,
    ) -> MentorEnrolment:
        """Enrol a volunteer mentor."""
        _check_profile(tuple(topics), capacity, hours_per_month)
        return cls._create(
            cls.Volunteered,
            id=cls.create_id(program_id, employee_id),
            employee_id=employee_id,
            program_id=program_id,
            round_number=round_number,
            topics=tuple(topics),
            capacity=capacity,
            hours_per_month=hours_per_month,
            **stamp.fields,
        )

    @classmethod
    def nominate(
        cls, *, employee_id: str, program_id: UUID, round_number: int, stamp: Stamp
    ) -> MentorEnrolment:
        """Record an executive's nomination; the nominee must accept before mentoring."""
        return cls._create(
            cls.Nominated,
            id=cls.create_id(program_id, employee_id),
            employee_id=employee_id,
            program_id=program_id,
            round_number=round_number,
            **stamp.fields,
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
        self._hold_offer(topics, capacity, hours_per_month)
        self.status = ACTIVE if capacity else NOMINATED
        self.trained = False
        self.mentees: dict[UUID, str] = {}

    def _hold_offer(self, topics: tuple[str, ...], capacity: int, hours_per_month: int) -> None:
        """Hold the offer the creation or an offer event states."""
        self.topics = tuple(topics)
        self.capacity = capacity
        self.hours_per_month = hours_per_month

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
        self, *, topics: tuple[str, ...], capacity: int, hours_per_month: int, stamp: Stamp
    ) -> None:
        """The nominee accepts, stating topics, capacity and time set aside."""
        self.check_nomination_pending()
        self._state_offer(self.NominationAccepted, topics, capacity, hours_per_month, stamp)

    def decline_nomination(self, *, reason: str, stamp: Stamp) -> None:
        """The nominee declines."""
        self.check_nomination_pending()
        self.trigger_event(self.NominationDeclined, reason=reason, **stamp.fields)

    def complete_training(self, *, course: str, stamp: Stamp) -> None:
        """Record the mentor training as done (idempotent: no event if done already)."""
        if not self.trained:
            self.trigger_event(self.TrainingCompleted, course=course, **stamp.fields)

    def update_profile(
        self, *, topics: tuple[str, ...], capacity: int, hours_per_month: int, stamp: Stamp
    ) -> None:
        """Change what the mentor offers; capacity cannot drop below the mentees taken."""
        self.check_active()
        self._state_offer(self.ProfileUpdated, topics, capacity, hours_per_month, stamp)

    def _state_offer(
        self,
        event_class: type[_OfferStated],
        topics: tuple[str, ...],
        capacity: int,
        hours_per_month: int,
        stamp: Stamp,
    ) -> None:
        """Record a new offer by ``event_class``; capacity cannot drop below the mentees taken."""
        _check_profile(tuple(topics), capacity, hours_per_month)
        if capacity < len(self.mentees):
            raise InvalidValue(
                f"capacity {capacity} is below the {len(self.mentees)} active mentees"
            )
        self.trigger_event(
            event_class,
            topics=tuple(topics),
            capacity=capacity,
            hours_per_month=hours_per_month,
            **stamp.fields,
        )

    def withdraw(self, *, reason: str, stamp: Stamp) -> None:
        """Stop taking new mentees (active mentorships go on until they end)."""
        self.check_active()
        self.trigger_event(self.Withdrew, reason=reason, **stamp.fields)

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
        *,
        mentorship_id: UUID,
        mentee_id: str,
        require_training: bool,
        stamp: Stamp,
        topic: str | None = None,
    ) -> None:
        """Use one slot for a new mentorship (the capacity rule is checked here)."""
        self.check_can_take(topic, require_training)
        self.trigger_event(
            self.MenteeTaken, mentorship_id=mentorship_id, mentee_id=mentee_id, **stamp.fields
        )

    def release_mentee(self, *, mentorship_id: UUID, stamp: Stamp) -> None:
        """Free the slot of an ended mentorship (no event if it held none)."""
        if mentorship_id in self.mentees:
            self.trigger_event(self.MenteeReleased, mentorship_id=mentorship_id, **stamp.fields)
