"""The HRIS message contract: one JSON object per Kafka record on `hris.employee-events`.

Every message has `event_id` (unique per upstream event; duplicates are ignored), `type`,
`employee_id` (the HRIS's id, also the record key) and `effective_date` (ISO date). Each type
adds the attributes it needs; unknown attributes are refused so that typos are not lost silently.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

EmployeeId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")]


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    event_id: Annotated[str, Field(min_length=1, max_length=128)]
    employee_id: EmployeeId
    effective_date: dt.date


class Hired(_Message):
    """A person joins the company (or is first loaded into the system)."""

    type: Literal["hired"]
    department: Annotated[str, Field(min_length=1)]
    job_level: Annotated[int, Field(ge=1, le=20)]
    manager_id: EmployeeId | None = None
    location: Annotated[str, Field(min_length=1)]
    demographic_group: str | None = None


class Rehired(Hired):
    """A former employee joins again; same attributes as a hire."""

    type: Literal["rehired"]  # type: ignore[assignment]


class Left(_Message):
    """A person leaves the company."""

    type: Literal["left"]
    reason: Literal["voluntary", "involuntary", "retirement"]


class Promoted(_Message):
    """A person moves up to a new job level."""

    type: Literal["promoted"]
    new_level: Annotated[int, Field(ge=1, le=20)]


class Transferred(_Message):
    """A person moves to another department."""

    type: Literal["transferred"]
    new_department: Annotated[str, Field(min_length=1)]


class ManagerChanged(_Message):
    """A person reports to a new manager (None: to nobody)."""

    type: Literal["manager_changed"]
    new_manager_id: EmployeeId | None


HrisMessage = Annotated[
    Hired | Rehired | Left | Promoted | Transferred | ManagerChanged, Field(discriminator="type")
]
MESSAGE_TYPES = ("hired", "rehired", "left", "promoted", "transferred", "manager_changed")

_adapter: TypeAdapter[HrisMessage] = TypeAdapter(HrisMessage)


class MalformedMessage(ValueError):
    """A record that does not follow the contract; `reason` says why in one line."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_message(raw: bytes) -> HrisMessage:
    """Parse one record's value, or raise MalformedMessage naming what is wrong."""
    try:
        return _adapter.validate_json(raw)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "message"
        raise MalformedMessage(f"{where}: {first['msg']}") from None


def dump_message(message: HrisMessage) -> bytes:
    """The JSON bytes of a message, as the HRIS would publish it."""
    return message.model_dump_json(exclude_none=False).encode()
