"""The MentorshipRequest aggregate: a mentee asking ranked mentors, one at a time.

One request carries all the mentee's ranked choices. It is addressed to one mentor at a time;
when that mentor declines or lets it expire, the request is forwarded to the next choice
(``Forwarded``, with a fresh respond-by date of the same length) and is pending again. It ends
in exactly one final state: accepted, declined (last choice declined), expired (last choice
let it expire) or withdrawn.
"""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from domain.base import MentoringAggregate, Stamp
from domain.errors import (
    InvalidChoices,
    InvalidValue,
    NotAddressedMentor,
    NotRequestingMentee,
    RequestClosed,
    RequestExpired,
    RequestNotDue,
    RequestNotFound,
    RequestWithdrawn,
)

PENDING = "pending"
ACCEPTED = "accepted"
DECLINED = "declined"
EXPIRED = "expired"
WITHDRAWN = "withdrawn"
FINAL_STATES = (ACCEPTED, DECLINED, EXPIRED, WITHDRAWN)


class MentorshipRequest(MentoringAggregate):
    """A mentee's request for mentoring, to ranked mentor choices, with a respond-by date."""

    not_found = RequestNotFound
    noun = "request"

    class Made(MentoringAggregate.Created):
        """The mentee asked; the request is addressed to ``choices[0]`` first."""

        private_fields = frozenset({"reason"})

        mentee_id: str
        program_id: UUID
        round_number: int
        topic: str
        choices: tuple[str, ...]
        reason: str
        respond_by: date

    class Accepted(MentoringAggregate.Event):
        """The addressed mentor accepted; the mentorship ``mentorship_id`` starts."""

        mentor_id: str
        mentorship_id: UUID

        def apply(self, aggregate: MentorshipRequest) -> None:
            aggregate.status = ACCEPTED
            aggregate.mentorship_id = self.mentorship_id

    class Declined(MentoringAggregate.Event):
        """The addressed mentor declined, saying why."""

        private_fields = frozenset({"reason"})

        mentor_id: str
        reason: str

        def apply(self, aggregate: MentorshipRequest) -> None:
            aggregate.status = DECLINED

    class Expired(MentoringAggregate.Event):
        """The addressed mentor did not answer by the respond-by date."""

        mentor_id: str
        respond_by: date

        def apply(self, aggregate: MentorshipRequest) -> None:
            aggregate.status = EXPIRED

    class Forwarded(MentoringAggregate.Event):
        """After a decline or an expiry, the request went to the mentee's next choice."""

        to_mentor_id: str
        choice_index: int
        respond_by: date

        def apply(self, aggregate: MentorshipRequest) -> None:
            aggregate.choice_index = self.choice_index
            aggregate.respond_by = self.respond_by
            aggregate.status = PENDING

    class Withdrawn(MentoringAggregate.Event):
        """The mentee (or the leaving policy) withdrew the request."""

        private_fields = frozenset({"reason"})

        reason: str

        def apply(self, aggregate: MentorshipRequest) -> None:
            aggregate.status = WITHDRAWN

    @classmethod
    def make(
        cls,
        *,
        request_id: UUID,
        mentee_id: str,
        program_id: UUID,
        round_number: int,
        topic: str,
        choices: tuple[str, ...],
        reason: str,
        respond_by: date,
        stamp: Stamp,
    ) -> MentorshipRequest:
        """Make a request; the choices are ranked, best first."""
        choices = tuple(choices)
        if not choices or len(set(choices)) != len(choices):
            raise InvalidChoices(f"choices must be one or more distinct mentors, not {choices}")
        if respond_by <= stamp.effective_date:
            raise InvalidValue(
                f"respond-by date {respond_by} must be after {stamp.effective_date}"
            )
        return cls._create(
            cls.Made,
            id=request_id,
            mentee_id=mentee_id,
            program_id=program_id,
            round_number=round_number,
            topic=topic,
            choices=choices,
            reason=reason,
            respond_by=respond_by,
            **stamp.fields,
        )

    def __init__(
        self,
        mentee_id: str,
        program_id: UUID,
        round_number: int,
        topic: str,
        choices: tuple[str, ...],
        reason: str,
        respond_by: date,
        effective_date: date,
    ) -> None:
        self.mentee_id = mentee_id
        self.program_id = program_id
        self.round_number = round_number
        self.topic = topic
        self.choices = tuple(choices)
        self.reason = reason
        self.respond_by = respond_by
        self.window = respond_by - effective_date
        self.choice_index = 0
        self.status = PENDING
        self.mentorship_id: UUID | None = None

    @property
    def mentor_id(self) -> str:
        """The mentor the request is (or was last) addressed to."""
        return self.choices[self.choice_index]

    @property
    def next_choice(self) -> str | None:
        """The mentee's next ranked choice, if any."""
        following = self.choice_index + 1
        return self.choices[following] if following < len(self.choices) else None

    @property
    def is_final(self) -> bool:
        """Whether the request has ended (accepted, declined, expired or withdrawn)."""
        return self.status in FINAL_STATES and not (
            self.status in (DECLINED, EXPIRED) and self.next_choice is not None
        )

    def check_pending(self, day: date | None = None) -> None:
        """Refuse answering a request that is not waiting for the addressed mentor."""
        if self.status == WITHDRAWN:
            raise RequestWithdrawn("the mentee withdrew this request")
        if self.status == EXPIRED:
            raise RequestExpired(f"the request expired on {self.respond_by}")
        if self.status != PENDING:
            raise RequestClosed(f"the request is {self.status} already")
        if day is not None and day > self.respond_by:
            raise RequestExpired(f"the request had to be answered by {self.respond_by}")

    def check_addressed_to(self, mentor_id: str) -> None:
        """Refuse an answer from anyone but the mentor the request is addressed to."""
        if mentor_id != self.mentor_id:
            raise NotAddressedMentor(f"the request is addressed to {self.mentor_id}")

    def accept(self, *, mentor_id: str, mentorship_id: UUID, stamp: Stamp) -> None:
        """The addressed mentor accepts, by the respond-by date."""
        self.check_pending(stamp.effective_date)
        self.check_addressed_to(mentor_id)
        self.trigger_event(
            self.Accepted, mentor_id=mentor_id, mentorship_id=mentorship_id, **stamp.fields
        )

    def decline(self, *, mentor_id: str, reason: str, stamp: Stamp) -> None:
        """The addressed mentor declines, saying why (forward it next, if there is a choice)."""
        self.check_pending()
        self.check_addressed_to(mentor_id)
        self.trigger_event(self.Declined, mentor_id=mentor_id, reason=reason, **stamp.fields)

    def expire(self, *, stamp: Stamp) -> None:
        """Record that the addressed mentor let the respond-by date pass."""
        self.check_pending()
        if stamp.effective_date <= self.respond_by:
            raise RequestNotDue(f"the request can be answered until {self.respond_by}")
        self.trigger_event(
            self.Expired, mentor_id=self.mentor_id, respond_by=self.respond_by, **stamp.fields
        )

    def forward(self, *, stamp: Stamp) -> str | None:
        """Address the next choice after a decline or expiry; returns it (None: no choice left)."""
        following = self.next_choice
        if self.status not in (DECLINED, EXPIRED) or following is None:
            return None
        self.trigger_event(
            self.Forwarded,
            to_mentor_id=following,
            choice_index=self.choice_index + 1,
            respond_by=stamp.effective_date + max(self.window, timedelta(days=1)),
            **stamp.fields,
        )
        return following

    def withdraw(self, *, mentee_id: str, reason: str, stamp: Stamp) -> None:
        """The mentee withdraws a pending request."""
        if mentee_id != self.mentee_id:
            raise NotRequestingMentee(f"only {self.mentee_id} can withdraw this request")
        self.check_pending()
        self.trigger_event(self.Withdrawn, reason=reason, **stamp.fields)
