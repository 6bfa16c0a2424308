"""Field types every use case shares: people, text, business dates, and the command body base."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

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


class CommandBody(BaseModel):
    """Base of every command body: unknown fields are refused; the date defaults to today."""

    model_config = ConfigDict(extra="forbid")

    effective_date: BusinessDate | None = Field(
        default=None, description="when it happened in the business; default today (UTC)"
    )

    def business_date(self) -> date:
        """The effective date, or today (UTC) when none was given."""
        from datetime import UTC, datetime

        return self.effective_date or datetime.now(UTC).date()


class Recorded(BaseModel):
    """A command was recorded; ``id`` is the aggregate it changed or created."""

    id: str = Field(description="the id of the changed or created thing")
