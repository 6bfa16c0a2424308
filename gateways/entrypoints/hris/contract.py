"""The HRIS message contract: one JSON object per Kafka record on `hris.employee-events`.

Every message has `event_id` (unique per upstream event; duplicates are ignored), `type`,
`employee_id` (the HRIS's id, also the record key) and `effective_date` (ISO date). Each type
adds the attributes it needs; unknown attributes are refused so that typos are not lost silently.
Each message becomes one service command (``to_command``): its ``event_id`` is the command id, and
the HRIS, on the message's effective date, is who and when.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, ClassVar, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator

from domain.base import HRIS_ACTOR, Stamp
from domain.vocabulary import ExitReason
from services import employees
from services.command import BecomesCommand, Command

EmployeeId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")]
LABEL_LENGTH = 200
"""The longest department, location or group name the log takes (as over HTTP)."""
Label = Annotated[str, Field(min_length=1, max_length=LABEL_LENGTH)]


ENVELOPE = frozenset({"event_id", "employee_id", "effective_date", "type"})
"""What every message carries besides its attributes (the command gets it as ``command_fields``)."""


class _Message(BecomesCommand, BaseModel):
    """A message names the service command it becomes (``command``, given as a class keyword,
    as the HTTP bodies do); its attributes are the command's fields of the same names, but those
    ``renamed`` (the contract's name → the command's) and those it ``ignores``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    renamed: ClassVar[dict[str, str]] = {}
    ignores: ClassVar[frozenset[str]] = frozenset()

    event_id: Annotated[str, Field(min_length=1, max_length=128)]
    employee_id: EmployeeId
    effective_date: dt.date

    def to_command(self) -> Command[UUID]:
        """The service command the message asks for: its attributes, the employee, who and
        when (the HRIS, on the effective date), the command id (the event id)."""
        attributes = self.model_dump(exclude=set(ENVELOPE | self.ignores))
        command: Command[UUID] = self.command_type()(
            **{self.renamed.get(name, name): value for name, value in attributes.items()},
            **self.command_fields(),
        )
        return command

    def command_fields(self) -> dict[str, Any]:
        """What every HRIS command carries: the employee, who and when, the command id."""
        return {
            "hris_id": self.employee_id,
            "stamp": Stamp(HRIS_ACTOR, self.effective_date),
            "command_id": self.event_id,
        }


class Hired(_Message, command=employees.HireEmployee):
    """A person joins the company (or is first loaded into the system)."""

    type: Literal["hired"]
    department: Label
    job_level: Annotated[int, Field(ge=1, le=20)]
    manager_id: EmployeeId | None = None
    location: Label
    demographic_group: Annotated[str, Field(max_length=LABEL_LENGTH)] | None = None


class Rehired(Hired, command=employees.RehireEmployee):
    """A former employee joins again; same attributes as a hire."""

    ignores = frozenset({"demographic_group"})  # a rehire does not change the group
    type: Literal["rehired"]  # type: ignore[assignment]


class Left(_Message, command=employees.RecordLeaving):
    """A person leaves the company."""

    type: Literal["left"]
    reason: ExitReason


class Promoted(_Message, command=employees.PromoteEmployee):
    """A person moves up to a new job level."""

    renamed = {"new_level": "new_job_level"}
    type: Literal["promoted"]
    new_level: Annotated[int, Field(ge=1, le=20)]


class Transferred(_Message, command=employees.TransferEmployee):
    """A person moves to another department."""

    type: Literal["transferred"]
    new_department: Label


class ManagerChanged(_Message, command=employees.ChangeManager):
    """A person reports to a new manager (None: to nobody)."""

    type: Literal["manager_changed"]
    new_manager_id: EmployeeId | None


class PerformanceRated(_Message, command=employees.RatePerformance):
    """A person's performance was rated for a review cycle, on the scale the cycle used."""

    type: Literal["performance_rated"]
    rating: float
    scale_min: float
    scale_max: float
    cycle: Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9._:/ -]+$")]

    @model_validator(mode="after")
    def _rating_on_its_scale(self) -> PerformanceRated:
        if not self.scale_min < self.scale_max:
            raise ValueError(f"scale_min {self.scale_min} must be below scale_max {self.scale_max}")
        if not self.scale_min <= self.rating <= self.scale_max:
            raise ValueError(
                f"rating {self.rating} is outside the scale {self.scale_min}..{self.scale_max}"
            )
        return self


HrisMessage = Annotated[
    Hired | Rehired | Left | Promoted | Transferred | ManagerChanged | PerformanceRated,
    Field(discriminator="type"),
]
MESSAGE_TYPES = (
    "hired", "rehired", "left", "promoted", "transferred", "manager_changed", "performance_rated",
)

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
