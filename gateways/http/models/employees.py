"""The HRIS feed over HTTP: hires, promotions, transfers, manager changes, leavers, rehires."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from gateways.http.models.common import BusinessDate, CommandBody, HrisId, Name

JobLevel = Field(ge=1, le=30, description="the job level; higher is more senior")


class LeaveReason(StrEnum):
    """Why someone left."""

    VOLUNTARY = "voluntary"
    INVOLUNTARY = "involuntary"
    RETIREMENT = "retirement"


class HireEmployee(BaseModel):
    """A hire reported by the HRIS."""

    model_config = ConfigDict(extra="forbid")

    hris_id: HrisId
    department: Name
    job_level: int = JobLevel
    manager_id: HrisId | None = None
    location: Name
    hired_on: BusinessDate
    demographic_group: Name | None = Field(default=None, description="only for equity reports")


class RehireEmployee(CommandBody):
    """A former employee hired again; the effective date is the new hire date."""

    department: Name
    job_level: int = JobLevel
    manager_id: HrisId | None = None
    location: Name


class PromoteEmployee(CommandBody):
    """A promotion to a higher job level."""

    new_job_level: int = JobLevel


class TransferEmployee(CommandBody):
    """A move to another department."""

    new_department: Name


class ChangeManager(CommandBody):
    """A new manager (none: reports to nobody)."""

    new_manager_id: HrisId | None


class RecordLeaving(CommandBody):
    """The person left; the effective date is the last day employed."""

    reason: LeaveReason


class EmployeeRecorded(BaseModel):
    """The employee the HRIS change was recorded on."""

    employee_id: UUID
    hris_id: str


class EmployeeView(BaseModel):
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
