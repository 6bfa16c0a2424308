"""The HRIS feed over HTTP: hires, promotions, transfers, manager changes, leavers, rehires.

Each body becomes the service's HRIS command: the HRIS is the actor, and the command id doubles
as the upstream event id (a new one without an Idempotency-Key, so each change is logged).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from domain.base import HRIS_ACTOR, Stamp
from domain.vocabulary import ExitReason
from gateways.entrypoints.http.models.common import (
    BusinessDate,
    CommandBody,
    HrisId,
    Name,
    StateView,
)
from services import employees

if TYPE_CHECKING:
    from gateways.entrypoints.http.idempotency.command import CommandContext

LeaveReason = ExitReason
"""The old name of the leave reasons, kept for importers."""

JobLevel = Field(ge=1, le=30, description="the job level; higher is more senior")


class HrisBody(CommandBody):
    """Base of the bodies of HRIS changes to an existing employee."""

    def to_command(
        self, context: CommandContext, *, actor: str | None = HRIS_ACTOR, **path: Any
    ) -> Any:
        """The HRIS command: the HRIS is the actor, the command id is the upstream event id."""
        hris_context = replace(context, command_id=context.event_id)
        return super().to_command(hris_context, actor=actor, **path)


class HireEmployee(BaseModel):
    """A hire reported by the HRIS."""

    model_config = ConfigDict(extra="forbid")
    command: ClassVar[type[employees.HireEmployee]] = employees.HireEmployee

    hris_id: HrisId
    department: Name
    job_level: int = JobLevel
    manager_id: HrisId | None = None
    location: Name
    hired_on: BusinessDate
    demographic_group: Name | None = Field(default=None, description="only for equity reports")

    def to_command(self, context: CommandContext) -> employees.HireEmployee:
        """The hire, by the HRIS on ``hired_on``; the command id is the upstream event id."""
        return employees.HireEmployee(
            stamp=Stamp(HRIS_ACTOR, self.hired_on),
            command_id=context.event_id,
            **self.model_dump(exclude={"hired_on"}),
        )


class RehireEmployee(HrisBody, command=employees.RehireEmployee):
    """A former employee hired again; the effective date is the new hire date."""

    department: Name
    job_level: int = JobLevel
    manager_id: HrisId | None = None
    location: Name


class PromoteEmployee(HrisBody, command=employees.PromoteEmployee):
    """A promotion to a higher job level."""

    new_job_level: int = JobLevel


class TransferEmployee(HrisBody, command=employees.TransferEmployee):
    """A move to another department."""

    new_department: Name


class ChangeManager(HrisBody, command=employees.ChangeManager):
    """A new manager (none: reports to nobody)."""

    new_manager_id: HrisId | None


class RecordLeaving(HrisBody, command=employees.RecordLeaving):
    """The person left; the effective date is the last day employed."""

    reason: ExitReason


class EmployeeRecorded(BaseModel):
    """The employee the HRIS change was recorded on."""

    employee_id: UUID
    hris_id: str


class EmployeeView(StateView):
    """An employee as the HRIS reported them (demographics are left out)."""

    hris_id: str
    version: int
    department: str
    job_level: int
    manager_id: str | None
    location: str
    hired_on: date
    left_on: date | None
    leave_reason: str | None
