"""What an analyst asks for: a window, a participation definition, a grouping."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal
from uuid import UUID

from projections.queries.base import program_ids

Role = Literal["mentee", "mentor", "either"]
GroupBy = Literal[
    "department", "level", "location", "program", "round", "hire_month", "hire_quarter",
    "hire_year",
]
GROUP_BYS: tuple[GroupBy, ...] = (
    "department", "level", "location", "program", "round", "hire_month", "hire_quarter",
    "hire_year",
)


class InvalidQuery(ValueError):
    """The analyst's question cannot be answered as asked (the message says why)."""


@dataclass(frozen=True)
class ParticipationWindow:
    """A window [start, end] and who counts as a participant (role, programs).

    The common parameters of the questions comparing participants with everyone else.
    """

    start: date
    end: date
    role: Role = "either"
    programs: tuple[UUID, ...] = ()

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise InvalidQuery(f"the window must end after it starts ({self.start}..{self.end})")
        if self.role not in ("mentee", "mentor", "either"):
            raise InvalidQuery(f"role {self.role!r} is not mentee, mentor or either")

    @property
    def parameters(self) -> dict[str, Any]:
        """The SQL parameters of the window and the participation: ``$start``, ``$end``,
        ``$roles`` and ``$programs`` (ids as strings)."""
        return {
            "start": self.start,
            "end": self.end,
            "roles": self.roles,
            "programs": program_ids(self.programs),
        }

    @property
    def roles(self) -> list[str]:
        """The participation roles that make someone a participant."""
        return ["mentee", "mentor"] if self.role == "either" else [self.role]


@dataclass(frozen=True)
class CohortQuery(ParticipationWindow):
    """A landmark cohort question over the window [start, end].

    Population: employees employed at `start`. "In": participants at `start` (in a mentorship
    that started on or before `start`, in the chosen role and programs). "Out": everyone else.
    The parameters of RetentionQuery and PromotionQuery.
    """

    group_by: GroupBy | None = None
    voluntary_only: bool = False

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.group_by is not None and self.group_by not in GROUP_BYS:
            raise InvalidQuery(f"cannot group by {self.group_by!r}; choose one of {GROUP_BYS}")
