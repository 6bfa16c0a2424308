"""The options of `mentoring report`, parsed by hand so bad input is one line (InvalidQuery)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, get_args
from uuid import UUID

import typer

from projections.queries.equity import Attribute
from projections.queries.options import GROUP_BYS, GroupBy, InvalidQuery, Role
from projections.queries.survival import Method

Start = Annotated[str, typer.Option(help="first day of the window (YYYY-MM-DD)")]
End = Annotated[str, typer.Option(help="last day of the window (YYYY-MM-DD)")]
RoleOption = Annotated[str, typer.Option(help="participants: either | mentee | mentor")]
Programs = Annotated[
    list[str] | None, typer.Option("--program", help="a program id (repeat for several)")
]
GroupByOption = Annotated[str | None, typer.Option(help=" | ".join(GROUP_BYS))]
Voluntary = Annotated[bool, typer.Option(help="count only voluntary exits as leaving")]
AsJson = Annotated[bool, typer.Option("--json", help="print the result as JSON")]


def day(option: str, text: str | None) -> date:
    """An ISO date, or today when the option was left out."""
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidQuery(f"{option}: {text!r} is not a date (YYYY-MM-DD)") from None


def window(start: str, end: str) -> tuple[date, date]:
    """A window [start, end] that does not end before it starts."""
    first, last = day("--start", start), day("--end", end)
    if last < first:
        raise InvalidQuery(f"the window must not end before it starts ({first}..{last})")
    return first, last


def cohort(
    start: str, end: str, role: str, programs: list[str] | None
) -> tuple[date, date, Role, tuple[UUID, ...]]:
    """What every cohort question starts with: its start and end, the role, the programs."""
    return day("--start", start), day("--end", end), role_of(role), program_ids(programs)


def program_ids(texts: list[str] | None) -> tuple[UUID, ...]:
    """The program ids given with --program."""
    ids = []
    for text in texts or ():
        try:
            ids.append(UUID(text))
        except ValueError:
            raise InvalidQuery(f"--program: {text!r} is not a program id (a UUID)") from None
    return tuple(ids)


def role_of(text: str) -> Role:
    """A participation role."""
    for role in get_args(Role):
        if text == role:
            return role
    raise InvalidQuery(f"--role: {text!r} is not either, mentee or mentor")


def group_by_of(text: str | None) -> GroupBy | None:
    """A grouping of the population, or none."""
    if text is None:
        return None
    for group_by in GROUP_BYS:
        if text == group_by:
            return group_by
    raise InvalidQuery(f"--group-by: {text!r} is not one of {', '.join(GROUP_BYS)}")


def method_of(text: str) -> Method:
    """A survival method."""
    for method in get_args(Method):
        if text == method:
            return method
    raise InvalidQuery(f"--method: {text!r} is not time_varying or landmark")


def attribute_of(text: str) -> Attribute:
    """An attribute the equity report can group by."""
    for attribute in get_args(Attribute):
        if text == attribute:
            return attribute
    raise InvalidQuery(f"--attribute: {text!r} is not one of {', '.join(get_args(Attribute))}")
