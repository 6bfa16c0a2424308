"""Matching checks that need the org chart: the pair's reporting lines, walked up on demand."""

from __future__ import annotations

from datetime import date

from domain.conflicts import check_pair, reporting_chain
from domain.employees import Employee
from domain.programs import Program
from services.changes import Changes


def check_pair_allowed(
    changes: Changes, program: Program, mentee: Employee, mentor: Employee, day: date
) -> None:
    """Refuse a pair the program's conflict rules forbid (one get per reporting level)."""
    levels = program.rules.reporting_line_levels
    check_pair(
        rules=program.rules,
        program_id=program.id,
        mentee=mentee,
        mentor=mentor,
        mentee_chain=reporting_chain(mentee, levels, changes.find_employee),
        mentor_chain=reporting_chain(mentor, levels, changes.find_employee),
        day=day,
    )
