"""The Employee aggregate: the HRIS facts of one person, plus what they take part in.

The id is ``natural_id("employee", hris_id)``, so an employee is found by HRIS id without an
index. ``manager_id`` is the manager's HRIS id: walking it up answers reporting-line questions
with one get per level. The participation part (open requests, active mentorships) lets the
leaving policy close everything of a leaver without scanning; because acceptances write to it
too, a concurrent leave and acceptance cannot both succeed.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.base import MentoringAggregate, Stamp, natural_id
from domain.errors import (
    AlreadyEmployed,
    DatedBeforeHire,
    EmployeeNotFound,
    InvalidValue,
    NotEmployed,
)
from domain.vocabulary import ExitReason, Role

ERASED = "[erased]"
"""What a personal field reads as once its owner's key is destroyed (``PersonalDataErased``)."""


class Employee(MentoringAggregate):
    """One person of the workforce, as the HRIS reports them."""

    not_found = EmployeeNotFound
    noun = "employee"

    class Hired(MentoringAggregate.Created):
        """The HRIS hired the person; ``effective_date`` is the hire date."""

        hris_id: str
        department: str
        job_level: int
        manager_id: str | None
        location: str
        demographic_group: str | None

    class Promoted(MentoringAggregate.Event):
        """The person moved to a higher job level."""

        new_job_level: int

        def apply(self, aggregate: Employee) -> None:
            aggregate.job_level = self.new_job_level

    class Transferred(MentoringAggregate.Event):
        """The person moved to another department."""

        new_department: str

        def apply(self, aggregate: Employee) -> None:
            aggregate.department = self.new_department

    class ManagerChanged(MentoringAggregate.Event):
        """The person reports to someone else now (None: to nobody)."""

        new_manager_id: str | None

        def apply(self, aggregate: Employee) -> None:
            aggregate.manager_id = self.new_manager_id

    class Left(MentoringAggregate.Event):
        """The person left the company; ``effective_date`` is the last day employed."""

        reason: str

        def apply(self, aggregate: Employee) -> None:
            aggregate.left_on = self.effective_date
            aggregate.leave_reason = self.reason

    class Rehired(MentoringAggregate.Event):
        """A former employee was hired again; ``effective_date`` is the new hire date."""

        department: str
        job_level: int
        manager_id: str | None
        location: str

        def apply(self, aggregate: Employee) -> None:
            aggregate.department = self.department
            aggregate.job_level = self.job_level
            aggregate.manager_id = self.manager_id
            aggregate.location = self.location
            aggregate.hired_on = self.effective_date
            aggregate.left_on = None
            aggregate.leave_reason = None

    class PerformanceRated(MentoringAggregate.Event):
        """The HRIS recorded a performance rating of the person for a review cycle.

        ``rating`` lies on the scale ``[scale_min, scale_max]`` the company used for that cycle
        (scales may change between cycles); ``cycle`` is a label such as ``2024-H1``.
        """

        rating: float
        scale_min: float
        scale_max: float
        cycle: str

        def apply(self, aggregate: Employee) -> None:
            aggregate.last_rating = (self.cycle, self.rating, self.scale_min, self.scale_max)

    class RequestOpened(MentoringAggregate.Event):
        """A mentorship request involving the person (as mentee or addressed mentor) opened."""

        request_id: UUID

        def apply(self, aggregate: Employee) -> None:
            aggregate.open_request_ids.add(self.request_id)

    class RequestClosed(MentoringAggregate.Event):
        """That request no longer involves the person (answered, withdrawn, forwarded)."""

        request_id: UUID

        def apply(self, aggregate: Employee) -> None:
            aggregate.open_request_ids.discard(self.request_id)

    class MentorshipJoined(MentoringAggregate.Event):
        """The person started a mentorship, in the given role, with ``partner_id``."""

        mentorship_id: UUID
        program_id: UUID
        partner_id: str
        role: str

        def apply(self, aggregate: Employee) -> None:
            aggregate.mentorships[self.mentorship_id] = (
                self.program_id,
                self.partner_id,
                self.role,
            )

    class MentorshipLeft(MentoringAggregate.Event):
        """A mentorship of the person ended."""

        mentorship_id: UUID

        def apply(self, aggregate: Employee) -> None:
            del aggregate.mentorships[self.mentorship_id]

    class PersonalDataErased(MentoringAggregate.Event):
        """An admin erased the person's private texts and demographic group (GDPR Art. 17):
        their key was destroyed, so those fields read as ``ERASED`` everywhere from now on.

        ``reason`` says why (e.g. a request's reference); it is kept unencrypted, since it must
        outlive the key, so it must hold no personal data (docs/security.md).
        """

        private_fields = frozenset({"reason"})

        hris_id: str
        reason: str

        def apply(self, aggregate: Employee) -> None:
            aggregate.demographic_group = None
            aggregate.erased_on = self.effective_date

    @staticmethod
    def create_id(hris_id: str) -> UUID:
        """The aggregate id of the employee with this HRIS id."""
        return natural_id("employee", hris_id)

    @classmethod
    def hire(
        cls,
        *,
        hris_id: str,
        department: str,
        job_level: int,
        manager_id: str | None,
        location: str,
        demographic_group: str | None = None,
        stamp: Stamp,
    ) -> Employee:
        """Record a hire on the stamp's date (use ``rehire`` for a former employee)."""
        return cls._create(
            cls.Hired,
            id=cls.create_id(hris_id),
            hris_id=hris_id,
            department=department,
            job_level=job_level,
            manager_id=manager_id,
            location=location,
            demographic_group=demographic_group,
            **stamp.fields,
        )

    def __init__(
        self,
        hris_id: str,
        department: str,
        job_level: int,
        manager_id: str | None,
        location: str,
        demographic_group: str | None,
        actor: str,
        effective_date: date,
    ) -> None:
        # ``actor`` is declared so that ``Employee(...)`` with all the Hired fields still works.
        self.hris_id = hris_id
        self.department = department
        self.job_level = job_level
        self.manager_id = manager_id
        self.location = location
        self.demographic_group = demographic_group
        self.hired_on = effective_date
        self.left_on: date | None = None
        self.leave_reason: str | None = None
        self.open_request_ids: set[UUID] = set()
        self.mentorships: dict[UUID, tuple[UUID, str, str]] = {}
        self.last_rating: tuple[str, float, float, float] | None = None
        self.erased_on: date | None = None

    @property
    def is_employed(self) -> bool:
        """Whether the person is employed now (hired or rehired, and not left since)."""
        return self.left_on is None

    def check_employed_on(self, day: date) -> None:
        """Refuse anything dated before the (latest) hire, or happening after leaving."""
        if day < self.hired_on:
            raise DatedBeforeHire(
                f"{self.hris_id} was hired on {self.hired_on}; nothing of theirs can be dated {day}"
            )
        if self.left_on is not None:
            raise NotEmployed(f"{self.hris_id} left the company on {self.left_on}")

    def promote(self, *, new_job_level: int, stamp: Stamp) -> None:
        """Record a promotion to a higher job level."""
        self.check_employed_on(stamp.effective_date)
        if new_job_level <= self.job_level:
            raise InvalidValue(
                f"a promotion must raise the level above {self.job_level}, not to {new_job_level}"
            )
        self.trigger_event(self.Promoted, new_job_level=new_job_level, **stamp.fields)

    def transfer(self, *, new_department: str, stamp: Stamp) -> None:
        """Record a move to another department."""
        self.check_employed_on(stamp.effective_date)
        self.trigger_event(self.Transferred, new_department=new_department, **stamp.fields)

    def change_manager(self, *, new_manager_id: str | None, stamp: Stamp) -> None:
        """Record a new manager (None: reports to nobody)."""
        self.check_employed_on(stamp.effective_date)
        if new_manager_id == self.hris_id:
            raise InvalidValue(f"{self.hris_id} cannot be their own manager")
        self.trigger_event(self.ManagerChanged, new_manager_id=new_manager_id, **stamp.fields)

    def leave(self, *, reason: str, stamp: Stamp) -> None:
        """Record that the person left the company, for one of the ``ExitReason`` reasons."""
        self.check_employed_on(stamp.effective_date)
        if reason not in set(ExitReason):
            allowed = ", ".join(ExitReason)
            raise InvalidValue(f"leave reason {reason!r} is not one of {allowed}")
        self.trigger_event(self.Left, reason=ExitReason(reason).value, **stamp.fields)

    def rehire(
        self,
        *,
        department: str,
        job_level: int,
        manager_id: str | None,
        location: str,
        stamp: Stamp,
    ) -> None:
        """Record that a former employee was hired again on the stamp's date."""
        if self.left_on is None:
            raise AlreadyEmployed(f"{self.hris_id} has not left, so cannot be rehired")
        if stamp.effective_date <= self.left_on:
            raise DatedBeforeHire(
                f"{self.hris_id} left on {self.left_on}; a rehire cannot be dated"
                f" {stamp.effective_date}"
            )
        self.trigger_event(
            self.Rehired,
            department=department,
            job_level=job_level,
            manager_id=manager_id,
            location=location,
            **stamp.fields,
        )

    def rate_performance(
        self, *, rating: float, scale_min: float, scale_max: float, cycle: str, stamp: Stamp
    ) -> None:
        """Record a performance rating on the scale ``[scale_min, scale_max]`` for ``cycle``.

        A rating may arrive after the person left, for a day they were still employed.
        """
        self.check_rated_while_employed(stamp.effective_date)
        if not scale_min < scale_max:
            raise InvalidValue(f"the scale must run upwards, not {scale_min}..{scale_max}")
        if not scale_min <= rating <= scale_max:
            raise InvalidValue(f"rating {rating} is outside the scale {scale_min}..{scale_max}")
        if not cycle.strip():
            raise InvalidValue("a rating names its review cycle")
        self.trigger_event(
            self.PerformanceRated,
            rating=float(rating),
            scale_min=float(scale_min),
            scale_max=float(scale_max),
            cycle=cycle.strip(),
            **stamp.fields,
        )

    def check_rated_while_employed(self, day: date) -> None:
        """Refuse a rating dated before the (latest) hire or after the person left."""
        if day < self.hired_on:
            raise DatedBeforeHire(
                f"{self.hris_id} was hired on {self.hired_on}; nothing of theirs can be dated {day}"
            )
        if self.left_on is not None and day > self.left_on:
            raise NotEmployed(f"{self.hris_id} left the company on {self.left_on}")

    def open_request(self, *, request_id: UUID, stamp: Stamp) -> None:
        """Note a request that involves the person."""
        self.check_employed_on(stamp.effective_date)
        self.trigger_event(self.RequestOpened, request_id=request_id, **stamp.fields)

    def close_request(self, *, request_id: UUID, stamp: Stamp) -> None:
        """Forget a request that no longer involves the person (no event if not open)."""
        if request_id in self.open_request_ids:
            self.trigger_event(self.RequestClosed, request_id=request_id, **stamp.fields)

    def join_mentorship(
        self,
        *,
        mentorship_id: UUID,
        program_id: UUID,
        partner_id: str,
        role: str,
        stamp: Stamp,
    ) -> None:
        """Note a mentorship the person starts, as mentee or mentor (a ``Role``)."""
        self.check_employed_on(stamp.effective_date)
        if role not in set(Role):
            raise InvalidValue(f"role {role!r} is not one of {', '.join(Role)}")
        self.trigger_event(
            self.MentorshipJoined,
            mentorship_id=mentorship_id,
            program_id=program_id,
            partner_id=partner_id,
            role=Role(role).value,
            **stamp.fields,
        )

    def leave_mentorship(self, *, mentorship_id: UUID, stamp: Stamp) -> None:
        """Forget a mentorship that ended (no event if it was not active)."""
        if mentorship_id in self.mentorships:
            self.trigger_event(self.MentorshipLeft, mentorship_id=mentorship_id, **stamp.fields)

    def erase_personal_data(self, *, reason: str, stamp: Stamp) -> None:
        """Record that the person's personal data was erased (again: each request is logged)."""
        if not reason.strip():
            raise InvalidValue("an erasure says why")
        self.trigger_event(
            self.PersonalDataErased, hris_id=self.hris_id, reason=reason.strip(), **stamp.fields
        )

    def is_paired_with(self, partner_id: str, program_id: UUID) -> bool:
        """Whether the person has an active mentorship with ``partner_id`` in the program."""
        return any(
            program == program_id and partner == partner_id
            for program, partner, _ in self.mentorships.values()
        )
