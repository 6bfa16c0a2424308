"""Conflict-of-interest rules: which mentor/mentee pairs a program refuses, and why.

The reporting line is read from the Employee aggregates: ``reporting_chain`` walks up the
manager ids one lookup per level (never a scan of all employees).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

from domain.employees import Employee
from domain.errors import (
    AlreadyPaired,
    JuniorMentorNotAllowed,
    ReportingLineConflict,
    SameManagerConflict,
    SelfMatch,
)
from domain.programs import ConflictRules


def reporting_chain(
    employee: Employee, levels: int, lookup: Callable[[str], Employee | None]
) -> tuple[str, ...]:
    """The HRIS ids of ``employee``'s manager, manager's manager, ... up to ``levels``."""
    chain: list[str] = []
    manager_id = employee.manager_id
    while manager_id is not None and len(chain) < levels and manager_id not in chain:
        chain.append(manager_id)
        manager = lookup(manager_id)
        manager_id = manager.manager_id if manager is not None else None
    return tuple(chain)


def check_pair(
    *,
    rules: ConflictRules,
    program_id: UUID,
    mentee: Employee,
    mentor: Employee,
    mentee_chain: tuple[str, ...],
    mentor_chain: tuple[str, ...],
    day: date,
) -> None:
    """Refuse a pair that breaks a conflict-of-interest rule (the error names the rule).

    Capacity, training and topics are the mentor enrolment's rules (``check_can_take``).
    """
    if mentee.hris_id == mentor.hris_id:
        raise SelfMatch(f"{mentee.hris_id} cannot mentor themselves")
    mentee.check_employed_on(day)
    mentor.check_employed_on(day)
    levels = rules.reporting_line_levels
    if mentor.hris_id in mentee_chain[:levels]:
        raise ReportingLineConflict(
            f"{mentor.hris_id} is in {mentee.hris_id}'s reporting line (within {levels} levels)"
        )
    if mentee.hris_id in mentor_chain[:levels]:
        raise ReportingLineConflict(
            f"{mentee.hris_id} is in {mentor.hris_id}'s reporting line (within {levels} levels)"
        )
    same_manager = mentee.manager_id is not None and mentee.manager_id == mentor.manager_id
    if rules.forbid_same_manager and same_manager:
        raise SameManagerConflict(
            f"{mentee.hris_id} and {mentor.hris_id} both report to {mentee.manager_id}"
        )
    if not rules.allow_junior_mentors and mentor.job_level < mentee.job_level:
        raise JuniorMentorNotAllowed(
            f"{mentor.hris_id} (level {mentor.job_level}) is junior to {mentee.hris_id}"
            f" (level {mentee.job_level}); only reverse-mentoring programs allow that"
        )
    if mentee.is_paired_with(mentor.hris_id, program_id):
        raise AlreadyPaired(
            f"{mentee.hris_id} and {mentor.hris_id} are already in a mentorship in this program"
        )
