"""The HRIS feed over HTTP (hris, admin): the command id doubles as the upstream event id."""

from __future__ import annotations

from uuid import UUID

from fastapi import Response

from domain.employees import Employee
from gateways.entrypoints.http.deps import EmployeeReader, HrisCaller, NewCommandDep, ServiceDep
from gateways.entrypoints.http.models.employees import (
    ChangeManager,
    EmployeeRecorded,
    EmployeeView,
    HireEmployee,
    PromoteEmployee,
    RecordLeaving,
    RehireEmployee,
    TransferEmployee,
)
from gateways.entrypoints.http.routers.common import EmployeePath, api_router, set_etag

router = api_router("employees (HRIS)")


def recorded(employee_id: UUID, hris_id: str) -> EmployeeRecorded:
    """The response of every HRIS change."""
    return EmployeeRecorded(employee_id=employee_id, hris_id=hris_id)


@router.post("/employees", status_code=201, summary="Record a hire")
def hire(caller: HrisCaller, context: NewCommandDep, body: HireEmployee, service: ServiceDep,
         response: Response) -> EmployeeRecorded:
    """A new employee; a former one is rehired instead."""
    changed = service.handle(body.to_command(context))
    response.headers["Location"] = f"/employees/{body.hris_id}"
    return recorded(changed, body.hris_id)


@router.post("/employees/{hris_id}/rehire", summary="Record a rehire")
def rehire(hris_id: EmployeePath, caller: HrisCaller, context: NewCommandDep,
           body: RehireEmployee, service: ServiceDep) -> EmployeeRecorded:
    """A former employee hired again on the effective date."""
    return recorded(service.handle(body.to_command(context, hris_id=hris_id)), hris_id)


@router.post("/employees/{hris_id}/promotion", summary="Record a promotion")
def promote(hris_id: EmployeePath, caller: HrisCaller, context: NewCommandDep,
            body: PromoteEmployee, service: ServiceDep) -> EmployeeRecorded:
    """A move to a higher job level."""
    return recorded(service.handle(body.to_command(context, hris_id=hris_id)), hris_id)


@router.post("/employees/{hris_id}/transfer", summary="Record a transfer")
def transfer(hris_id: EmployeePath, caller: HrisCaller, context: NewCommandDep,
             body: TransferEmployee, service: ServiceDep) -> EmployeeRecorded:
    """A move to another department."""
    return recorded(service.handle(body.to_command(context, hris_id=hris_id)), hris_id)


@router.post("/employees/{hris_id}/manager", summary="Record a manager change")
def change_manager(hris_id: EmployeePath, caller: HrisCaller, context: NewCommandDep,
                   body: ChangeManager, service: ServiceDep) -> EmployeeRecorded:
    """The employee reports to someone else (or to nobody)."""
    return recorded(service.handle(body.to_command(context, hris_id=hris_id)), hris_id)


@router.post("/employees/{hris_id}/leaving", summary="Record a leaver")
def leave(hris_id: EmployeePath, caller: HrisCaller, context: NewCommandDep,
          body: RecordLeaving, service: ServiceDep) -> EmployeeRecorded:
    """The employee left; their requests and mentorships close in the same change."""
    return recorded(service.handle(body.to_command(context, hris_id=hris_id)), hris_id)


@router.get("/employees/{hris_id}", summary="An employee as the HRIS reported them")
def get_employee(hris_id: EmployeePath, caller: EmployeeReader, service: ServiceDep,
                 response: Response) -> EmployeeView:
    """The employee now (without demographics); the ETag is the version."""
    employee = service.employee(hris_id)
    set_etag(response, employee.version)
    return employee_view(employee)


def employee_view(employee: Employee) -> EmployeeView:
    """The response model of an employee aggregate."""
    return EmployeeView(
        hris_id=employee.hris_id, version=employee.version, department=employee.department,
        job_level=employee.job_level, manager_id=employee.manager_id,
        location=employee.location, hired_on=employee.hired_on, left_on=employee.left_on,
        leave_reason=employee.leave_reason,
    )
