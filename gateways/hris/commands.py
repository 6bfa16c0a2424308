"""Turn one parsed HRIS message into the mentoring service's HRIS command."""

from __future__ import annotations

from uuid import UUID

from gateways.hris.contract import (
    Hired,
    HrisMessage,
    Left,
    ManagerChanged,
    Promoted,
    Rehired,
    Transferred,
)
from services.hris import HrisCommands


def apply_message(service: HrisCommands, message: HrisMessage) -> UUID:
    """Run the command the message asks for; ``event_id`` is the command id (idempotent)."""
    common = {"event_id": message.event_id, "hris_id": message.employee_id}
    if isinstance(message, Rehired):
        return service.rehire_employee(
            **common,
            department=message.department,
            job_level=message.job_level,
            manager_id=message.manager_id,
            location=message.location,
            effective_date=message.effective_date,
        )
    if isinstance(message, Hired):
        return service.hire_employee(
            **common,
            department=message.department,
            job_level=message.job_level,
            manager_id=message.manager_id,
            location=message.location,
            hired_on=message.effective_date,
            demographic_group=message.demographic_group,
        )
    if isinstance(message, Left):
        return service.record_leaving(
            **common, reason=message.reason, effective_date=message.effective_date
        )
    if isinstance(message, Promoted):
        return service.promote_employee(
            **common, new_job_level=message.new_level, effective_date=message.effective_date
        )
    if isinstance(message, Transferred):
        return service.transfer_employee(
            **common, new_department=message.new_department, effective_date=message.effective_date
        )
    if isinstance(message, ManagerChanged):
        return service.change_manager(
            **common, new_manager_id=message.new_manager_id, effective_date=message.effective_date
        )
    raise TypeError(f"no command for {type(message).__name__}")
