"""The HRIS feed over HTTP (hris, admin): the command id doubles as the upstream event id."""

from __future__ import annotations

from fastapi import Response

from gateways.entrypoints.http.deps import EmployeeReader, HrisCaller, NewCommandDep, ServiceDep
from gateways.entrypoints.http.models import employees as models
from gateways.entrypoints.http.routers.commands import CommandRoutes, Reply
from gateways.entrypoints.http.routers.common import EmployeePath, api_router, current

router = api_router("employees (HRIS)")
recorded = Reply(models.EmployeeRecorded, "employee_id")
employee = CommandRoutes(router, reply=recorded)


@router.post("/employees", status_code=201, summary="Record a hire")
def hire(caller: HrisCaller, context: NewCommandDep, body: models.HireEmployee,
         service: ServiceDep, response: Response) -> models.EmployeeRecorded:
    """A new employee; a former one is rehired instead."""
    changed = service.handle(body.to_command(context))
    response.headers["Location"] = f"/employees/{body.hris_id}"
    return models.EmployeeRecorded(employee_id=changed, hris_id=body.hris_id)


employee.post(
    "/employees/{hris_id}/rehire", models.RehireEmployee, HrisCaller, name="rehire",
    summary="Record a rehire", description="A former employee hired again on the effective date.",
)
employee.post(
    "/employees/{hris_id}/promotion", models.PromoteEmployee, HrisCaller, name="promote",
    summary="Record a promotion", description="A move to a higher job level.",
)
employee.post(
    "/employees/{hris_id}/transfer", models.TransferEmployee, HrisCaller, name="transfer",
    summary="Record a transfer", description="A move to another department.",
)
employee.post(
    "/employees/{hris_id}/manager", models.ChangeManager, HrisCaller, name="change_manager",
    summary="Record a manager change",
    description="The employee reports to someone else (or to nobody).",
)
employee.post(
    "/employees/{hris_id}/leaving", models.RecordLeaving, HrisCaller, name="leave",
    summary="Record a leaver",
    description="The employee left; their requests and mentorships close in the same change.",
)


@router.get("/employees/{hris_id}", summary="An employee as the HRIS reported them")
def get_employee(hris_id: EmployeePath, caller: EmployeeReader, service: ServiceDep,
                 response: Response) -> models.EmployeeView:
    """The employee now (without demographics); the ETag is the version."""
    return current(response, models.EmployeeView, service.employee(hris_id))
