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

from eventsourcing.domain import event

from domain.base import MentoringAggregate, natural_id
from domain.errors import AlreadyEmployed, DatedBeforeHire, InvalidValue, NotEmployed

LEAVE_REASONS = ("voluntary", "involuntary", "retirement")
ROLES = ("mentee", "mentor")


class Employee(MentoringAggregate):
    """One person of the workforce, as the HRIS reports them."""

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

    class Transferred(MentoringAggregate.Event):
        """The person moved to another department."""

        new_department: str

    class ManagerChanged(MentoringAggregate.Event):
        """The person reports to someone else now (None: to nobody)."""

        new_manager_id: str | None

    class Left(MentoringAggregate.Event):
        """The person left the company; ``effective_date`` is the last day employed."""

        reason: str

    class Rehired(MentoringAggregate.Event):
        """A former employee was hired again; ``effective_date`` is the new hire date."""

        department: str
        job_level: int
        manager_id: str | None
        location: str

    class RequestOpened(MentoringAggregate.Event):
        """A mentorship request involving the person (as mentee or addressed mentor) opened."""

        request_id: UUID

    class RequestClosed(MentoringAggregate.Event):
        """That request no longer involves the person (answered, withdrawn, forwarded)."""

        request_id: UUID

    class MentorshipJoined(MentoringAggregate.Event):
        """The person started a mentorship, in the given role, with ``partner_id``."""

        mentorship_id: UUID
        program_id: UUID
        partner_id: str
        role: str

    class MentorshipLeft(MentoringAggregate.Event):
        """A mentorship of the person ended."""

        mentorship_id: UUID

    @staticmethod
    def create_id(hris_id: str) -> UUID:
        """The aggregate id of the employee with this HRIS id."""
        return natural_id("employee", hris_id)

    @event(Hired)
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

    def promote(self, new_job_level: int, actor: str, effective_date: date) -> None:
        """Record a promotion to a higher job level."""
        self.check_employed_on(effective_date)
        if new_job_level <= self.job_level:
            raise InvalidValue(
                f"a promotion must raise the level above {self.job_level}, not to {new_job_level}"
            )
        self._promoted(new_job_level, actor, effective_date)

    @event(Promoted)
    def _promoted(self, new_job_level: int, actor: str, effective_date: date) -> None:
        self.job_level = new_job_level

    def transfer(self, new_department: str, actor: str, effective_date: date) -> None:
        """Record a move to another department."""
        self.check_employed_on(effective_date)
        self._transferred(new_department, actor, effective_date)

    @event(Transferred)
    def _transferred(self, new_department: str, actor: str, effective_date: date) -> None:
        self.department = new_department

    def change_manager(self, new_manager_id: str | None, actor: str, effective_date: date) -> None:
        """Record a new manager (None: reports to nobody)."""
        self.check_employed_on(effective_date)
        if new_manager_id == self.hris_id:
            raise InvalidValue(f"{self.hris_id} cannot be their own manager")
        self._manager_changed(new_manager_id, actor, effective_date)

    @event(ManagerChanged)
    def _manager_changed(
        self, new_manager_id: str | None, actor: str, effective_date: date
    ) -> None:
        self.manager_id = new_manager_id

    def leave(self, reason: str, actor: str, effective_date: date) -> None:
        """Record that the person left the company."""
        self.check_employed_on(effective_date)
        if reason not in LEAVE_REASONS:
            raise InvalidValue(f"leave reason {reason!r} is not one of {LEAVE_REASONS}")
        self._left(reason, actor, effective_date)

    @event(Left)
    def _left(self, reason: str, actor: str, effective_date: date) -> None:
        self.left_on = effective_date
        self.leave_reason = reason

    def rehire(
        self,
        department: str,
        job_level: int,
        manager_id: str | None,
        location: str,
        actor: str,
        effective_date: date,
    ) -> None:
        """Record that a former employee was hired again."""
        if self.left_on is None:
            raise AlreadyEmployed(f"{self.hris_id} has not left, so cannot be rehired")
        if effective_date <= self.left_on:
            raise DatedBeforeHire(
                f"{self.hris_id} left on {self.left_on}; a rehire cannot be dated {effective_date}"
            )
        self._rehired(department, job_level, manager_id, location, actor, effective_date)

    @event(Rehired)
    def _rehired(
        self,
        department: str,
        job_level: int,
        manager_id: str | None,
        location: str,
        actor: str,
        effective_date: date,
    ) -> None:
        self.department = department
        self.job_level = job_level
        self.manager_id = manager_id
        self.location = location
        self.hired_on = effective_date
        self.left_on = None
        self.leave_reason = None

    def open_request(self, request_id: UUID, actor: str, effective_date: date) -> None:
        """Note a request that involves the person."""
        self.check_employed_on(effective_date)
        self._request_opened(request_id, actor, effective_date)

    @event(RequestOpened)
    def _request_opened(self, request_id: UUID, actor: str, effective_date: date) -> None:
        self.open_request_ids.add(request_id)

    def close_request(self, request_id: UUID, actor: str, effective_date: date) -> None:
        """Forget a request that no longer involves the person (no event if not open)."""
        if request_id in self.open_request_ids:
            self._request_closed(request_id, actor, effective_date)

    @event(RequestClosed)
    def _request_closed(self, request_id: UUID, actor: str, effective_date: date) -> None:
        self.open_request_ids.discard(request_id)

    def join_mentorship(
        self,
        mentorship_id: UUID,
        program_id: UUID,
        partner_id: str,
        role: str,
        actor: str,
        effective_date: date,
    ) -> None:
        """Note a mentorship the person starts, as mentee or mentor."""
        self.check_employed_on(effective_date)
        if role not in ROLES:
            raise InvalidValue(f"role {role!r} is not one of {ROLES}")
        self._mentorship_joined(mentorship_id, program_id, partner_id, role, actor, effective_date)

    @event(MentorshipJoined)
    def _mentorship_joined(
        self,
        mentorship_id: UUID,
        program_id: UUID,
        partner_id: str,
        role: str,
        actor: str,
        effective_date: date,
    ) -> None:
        self.mentorships[mentorship_id] = (program_id, partner_id, role)

    def leave_mentorship(self, mentorship_id: UUID, actor: str, effective_date: date) -> None:
        """Forget a mentorship that ended (no event if it was not active)."""
        if mentorship_id in self.mentorships:
            self._mentorship_left(mentorship_id, actor, effective_date)

    @event(MentorshipLeft)
    def _mentorship_left(self, mentorship_id: UUID, actor: str, effective_date: date) -> None:
        del self.mentorships[mentorship_id]

    def is_paired_with(self, partner_id: str, program_id: UUID) -> bool:
        """Whether the person has an active mentorship with ``partner_id`` in the program."""
        return any(
            program == program_id and partner == partner_id
            for program, partner, _ in self.mentorships.values()
        )
