"""What every router shares: the route class, the error responses, ETags, acting-for checks,
the path parameters, and current-state views."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Path, Response
from pydantic import AfterValidator, BaseModel

from gateways.entrypoints.http.auth.callers import ACTING_EMPLOYEE_HEADER, Caller
from gateways.entrypoints.http.auth.keys import Role
from gateways.entrypoints.http.idempotency.command import CommandRoute
from gateways.entrypoints.http.models.common import HRIS_ID_PATTERN, encodable
from gateways.entrypoints.http.problems import PROBLEM_RESPONSES, HttpProblem


def api_router(tag: str) -> APIRouter:
    """A router whose routes replay idempotent commands and declare the problem responses."""
    return APIRouter(tags=[tag], route_class=CommandRoute, responses=PROBLEM_RESPONSES)


V = TypeVar("V", bound=BaseModel)


def etag(version: int | None) -> str:
    """The ETag of an aggregate version: the quoted version number."""
    return f'"{version or 0}"'


def set_etag(response: Response, version: int | None) -> None:
    """Send the version as the ETag, for If-Match on the next change."""
    response.headers["ETag"] = etag(version)


def current(response: Response, view: type[V], aggregate: Any) -> V:
    """The view of an aggregate as it is now, read from its attributes; the ETag is its version."""
    set_etag(response, aggregate.version)
    return view.model_validate(aggregate, from_attributes=True)


def acting_employee(caller: Caller) -> str:
    """The employee the caller acts for (422 when the header is missing)."""
    if caller.acting_employee is None:
        raise HttpProblem(
            422, "acting-employee-required", f"send {ACTING_EMPLOYEE_HEADER}: who is acting"
        )
    return caller.acting_employee


def check_acts_for(caller: Caller, employee_id: str) -> None:
    """The portal may act only for the employee named in X-Acting-Employee; admins for anyone."""
    if caller.role is Role.ADMIN:
        return
    if acting_employee(caller) != employee_id:
        raise HttpProblem(403, "not-acting-for-employee", "the portal acts for another employee")


def check_reads_for(caller: Caller, employee_id: str) -> None:
    """The portal reads only for the employee it acts for; admins and auditors for anyone."""
    if caller.role is Role.PORTAL:
        check_acts_for(caller, employee_id)


EmployeePath = Annotated[
    str, Path(pattern=HRIS_ID_PATTERN, description="an employee's HRIS id", examples=["E1001"])
]
GoalPath = Annotated[str, Path(min_length=1, max_length=200), AfterValidator(encodable)]
