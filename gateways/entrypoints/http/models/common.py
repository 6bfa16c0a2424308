"""Field types every use case shares: people, text, business dates, and the command body base."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

from domain.base import Stamp
from services.command import BecomesCommand, Change

if TYPE_CHECKING:
    from gateways.entrypoints.http.idempotency.command import CommandContext

EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)
HRIS_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"


def encodable(text: str) -> str:
    """Refuse lone surrogates, which JSON allows but no store can encode."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("the text is not valid Unicode") from None
    return text


HrisId = Annotated[
    str,
    StringConstraints(pattern=HRIS_ID_PATTERN),
    Field(description="an employee's HRIS id", examples=["E1001"]),
]
Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(encodable),
]
Text = Annotated[str, StringConstraints(max_length=4000), AfterValidator(encodable)]
LongText = Annotated[str, StringConstraints(max_length=20000), AfterValidator(encodable)]
Topic = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
    AfterValidator(encodable),
]
Topics = Annotated[list[Topic], Field(max_length=50)]
BusinessDate = Annotated[date, Field(ge=EARLIEST, le=LATEST)]


class CommandBody(BecomesCommand, BaseModel):
    """Base of every command body: unknown fields are refused; the date defaults to today.

    A body names the service command it becomes (``command``, given as a class keyword:
    ``class Volunteer(CommandBody, command=enrolment.VolunteerAsMentor)``); ``to_command``
    builds it from the body's fields (same names as the command's), the route's path values and
    the request's command context, so no route restates a command's fields.
    """

    model_config = ConfigDict(extra="forbid")

    effective_date: BusinessDate | None = Field(
        default=None, description="when it happened in the business; default today (UTC)"
    )

    def business_date(self) -> date:
        """The effective date, or today (UTC) when none was given."""
        from datetime import UTC, datetime

        return self.effective_date or datetime.now(UTC).date()

    def to_command(self, context: CommandContext, *, actor: str | None = None, **path: Any) -> Any:
        """The service command: the body's fields, ``path``'s values, who (``actor``, default
        the caller) and when (the effective date), the command id and the If-Match version."""
        command_type = self.command_type()
        fields = {
            name: tuple(value) if isinstance(value, list) else value
            for name, value in self.model_dump(exclude={"effective_date"}).items()
        }
        if issubclass(command_type, Change):
            fields["expected_version"] = context.expected_version
        return command_type(
            stamp=Stamp(actor or context.actor, self.business_date()),
            command_id=context.command_id,
            **fields,
            **path,
        )


class ReasonedBody(CommandBody):
    """Base of the bodies of commands that say why (declines, withdrawals, closings)."""

    reason: Text


class Recorded(BaseModel):
    """A command was recorded; ``id`` is the aggregate it changed or created."""

    id: Annotated[str, BeforeValidator(str)] = Field(
        description="the id of the changed or created thing"
    )


class StateView(BaseModel):
    """Base of the current-state views, read from an aggregate's attributes; a field named
    otherwise than its attribute reads it through ``Field(validation_alias=attribute)``."""

    model_config = ConfigDict(from_attributes=True, validate_by_name=True)


SortedNames = Annotated[list[str], BeforeValidator(sorted)]
"""Names kept in a set, listed in order."""
