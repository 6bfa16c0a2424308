"""A program's mentors who could take a mentee now, grouped by what the score reads of them,
and the program's settings: read once per read-side position, not once per suggestion.

The suggestions of every mentee of a program start from the same rows: the program's rules,
weights and open round (``program_settings``) and its active mentors with a free slot
(``program_mentors``). A ``ProgramCache`` held by a read model keeps both per program, tagged
with the position the read model had published when they were read; a read at that position
or an earlier one is answered from them, a read at a later one reads them again. Rows read
after a position was published are at least as new as that position, so a cached pool never
shows a read less than the position it asks for (issue 16: read-your-writes). After each batch
the read model reads again the programs read most recently, before it publishes the batch's
position (``refresh``), so their readers do not pay for it.

Within a pool, mentors whose offer and facts the score reads are equal (topics, capacity,
slots taken, level, department, location, training) form one ``Group``: a suggestion scores
each group once (``projections.portal.tiers``), never each mentor.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple
from uuid import UUID

import duckdb

from domain.errors import ProgramNotFound
from projections.portal.eligibility import Offer, Person
from projections.portal.matching_reads import Managers, ProgramFacts, hris_of, program_settings

POOL = """
SELECT topics, capacity, taken, coalesce(level, 0), department, location, trained, hris_id,
       CAST(enrolment_id AS VARCHAR), CAST(mentor_id AS VARCHAR), CAST(manager_id AS VARCHAR),
       CAST(hired_on AS VARCHAR)
FROM program_mentors
WHERE program_id = ? AND status = 'active' AND capacity > taken AND employed
  AND hris_id IS NOT NULL AND hired_on IS NOT NULL
ORDER BY hris_id, enrolment_id
"""
"""The program's mentors who could take a mentee now, as far as their own rows tell (the rules
between the pair are the tiers' and the judge's), in HRIS id order; ids and dates as text
(made objects only for the mentors a suggestion reaches: DuckDB's UUID and date objects cost
more than the statement at a thousand mentors)."""


@dataclass(frozen=True)
class Member:
    """One mentor of a group: HRIS id, enrolment id (as text), read-side id, their manager's
    read-side id and when they were hired (their latest spell)."""

    hris_id: str
    enrolment_id: str
    mentor_id: UUID
    manager_id: UUID | None
    hired_on: date


class Group(NamedTuple):
    """Mentors whose pairs with any one mentee score the same: the facts, then the members as
    parallel columns sorted by HRIS id, ids and dates as text (a ``Member`` is made only for
    those a suggestion reaches, ``member``). A named tuple: a program has about as many groups
    as mentors, and a tuple is made several times faster than a frozen dataclass."""

    topics: tuple[str, ...]
    capacity: int
    taken: int
    level: int
    department: str | None
    location: str | None
    trained: bool
    hris_ids: tuple[str, ...]
    enrolment_ids: tuple[str, ...]
    mentor_ids: tuple[str, ...]
    manager_ids: tuple[str | None, ...]
    hired_on: tuple[str, ...]

    def member(self, index: int) -> Member:
        manager = self.manager_ids[index]
        return Member(
            self.hris_ids[index], self.enrolment_ids[index], UUID(self.mentor_ids[index]),
            UUID(manager) if manager is not None else None,
            date.fromisoformat(self.hired_on[index]),
        )


@dataclass(frozen=True)
class MentorPool:
    """A program's mentors with a free slot, in groups, found by read-side id (as text) through
    ``by_mentor`` (group, index: a mentee's past declines)."""

    groups: tuple[Group, ...]
    by_mentor: dict[str, tuple[Group, int]]


def read_pool(cursor: duckdb.DuckDBPyConnection, program_id: UUID) -> MentorPool:
    """The program's mentors with a free slot, grouped (one statement; no object per mentor)."""
    grouped: dict[tuple[Any, ...], list[tuple[Any, ...]]] = {}
    for row in cursor.execute(POOL, [program_id]).fetchall():
        grouped.setdefault((tuple(row[0]), *row[1:7]), []).append(row[7:])
    groups = tuple(
        Group(*key, *zip(*members, strict=True))
        for key, members in grouped.items()
    )
    by_mentor: dict[str, tuple[Group, int]] = {}
    for group in groups:
        by_mentor.update((mentor, (group, i)) for i, mentor in enumerate(group.mentor_ids))
    return MentorPool(groups, by_mentor)


def candidate(group: Group, member: Member, managers: Managers) -> tuple[Person, Offer]:
    """A mentor of the pool as the rules judge them: the person (employed: no leaving date;
    their manager named once ``managers`` met them) and their offer."""
    return (
        Person(member.hris_id, group.department, group.level,
               hris_of(managers, member.manager_id), group.location, member.hired_on),
        Offer(member.hris_id, "active", group.trained, group.topics, group.capacity,
              group.taken),
    )


class ProgramView:
    """What every suggestion in a program reads first: its settings, then (once a mentee can
    be paired at all) its mentor pool, read on first use; ``managers`` holds the employees met
    so far as of the view's position (mentees, the mentors judged and the managers up their
    chains), so a chain is looked up once per position."""

    def __init__(self, facts: ProgramFacts) -> None:
        self.facts = facts
        self.managers: Managers = {}
        self._pool: MentorPool | None = None

    @property
    def pool_read(self) -> bool:
        """Whether the mentor pool was read."""
        return self._pool is not None

    def pool(self, cursor: duckdb.DuckDBPyConnection) -> MentorPool:
        """The mentor pool, read through ``cursor`` the first time (two readers at once may
        both read it; either answer is the view's position's)."""
        if self._pool is None:
            self._pool = read_pool(cursor, self.facts.program_id)
        return self._pool


def read_program(cursor: duckdb.DuckDBPyConnection, program_id: UUID) -> ProgramView:
    """The program's settings (ProgramNotFound if it is not projected); its pool on demand."""
    return ProgramView(program_settings(cursor, program_id))


MANAGERS_MET_AT_MOST = 200_000
"""A cached program whose ``managers`` grew past this is read again (bounds its memory)."""


class ProgramCache:
    """Each program's ``ProgramView`` as of a position of one read model (at most ``size``
    programs, the least recently read dropped first). Thread-safe; two readers missing at once
    may both read the program, and the newer position wins."""

    def __init__(self, size: int = 64) -> None:
        self._size = size
        self._entries: OrderedDict[UUID, tuple[int, ProgramView]] = OrderedDict()
        self._lock = threading.Lock()

    def get(
        self, cursor: duckdb.DuckDBPyConnection, program_id: UUID, position: int
    ) -> ProgramView:
        """The program as of ``position`` or later, read through ``cursor`` when the cache
        holds only an earlier position's (``position``: the read model's published position,
        taken before the cursor)."""
        with self._lock:
            entry = self._entries.get(program_id)
            if (entry is not None and entry[0] >= position
                    and len(entry[1].managers) <= MANAGERS_MET_AT_MOST):
                self._entries.move_to_end(program_id)
                return entry[1]
        view = read_program(cursor, program_id)
        with self._lock:
            entry = self._entries.get(program_id)
            if entry is None or entry[0] <= position:
                self._entries[program_id] = (position, view)
                self._entries.move_to_end(program_id)
                while len(self._entries) > self._size:
                    self._entries.popitem(last=False)
        return view

    def clear(self) -> None:
        """Forget every program."""
        with self._lock:
            self._entries.clear()

    def position_of(self, program_id: UUID) -> int | None:
        """The position the cache holds the program at (None: not held)."""
        with self._lock:
            entry = self._entries.get(program_id)
        return entry[0] if entry is not None else None

    def refresh(
        self, cursor: duckdb.DuckDBPyConnection, position: int, most: int = 8
    ) -> None:
        """Read again, at ``position``, the ``most`` programs read most recently (the read
        model calls it after a batch, before it publishes ``position``: readers of those
        programs then never pay for reading them; one no longer projected is dropped)."""
        with self._lock:
            recent = [
                program_id for program_id, (held, _) in reversed(self._entries.items())
                if held < position
            ][:most]
        for program_id in recent:
            try:
                view = read_program(cursor, program_id)
                view.pool(cursor)
            except ProgramNotFound:
                with self._lock:
                    self._entries.pop(program_id, None)
                continue
            with self._lock:
                if program_id in self._entries and self._entries[program_id][0] < position:
                    self._entries[program_id] = (position, view)
