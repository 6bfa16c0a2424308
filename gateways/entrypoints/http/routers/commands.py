"""Command routes, each declared in one call: its path, body, callers, who acts and the reply.

Every command route does the same: build the body's command from the route's path values, who
acts and the request's command context, let the service handle it, and answer with a small model
of the result and the path values. ``CommandRoutes`` registers such routes with a real signature
(the path parameters, the caller dependency, the command context, the body, the service), so
FastAPI validates and documents them as if each were written out. The command context follows
the body's command: a ``Change`` takes If-Match, any other command refuses it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from inspect import Parameter, Signature
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Response
from pydantic import BaseModel

from gateways.entrypoints.http.auth.callers import Caller
from gateways.entrypoints.http.auth.keys import Role
from gateways.entrypoints.http.deps import CommandDep, NewCommandDep, ServiceDep
from gateways.entrypoints.http.idempotency.command import CommandContext
from gateways.entrypoints.http.models.common import CommandBody
from gateways.entrypoints.http.routers.common import (
    EmployeePath,
    GoalPath,
    acting_employee,
    check_acts_for,
)
from services.command import Change
from services.mentoring import MentoringService

PATH_PARAMETERS: dict[str, Any] = {
    "program_id": UUID,
    "employee_id": EmployeePath,
    "hris_id": EmployeePath,
    "request_id": UUID,
    "mentorship_id": UUID,
    "goal_id": GoalPath,
}
"""The type of each path parameter a command route may name."""

Actor = Callable[[Caller, Mapping[str, Any]], str | None]
"""Who acts in a command, from the caller and the path values (None: the caller itself)."""


def the_caller(caller: Caller, path: Mapping[str, Any]) -> str | None:
    """The caller acts (the command context's actor)."""
    return None


def the_acting_employee(caller: Caller, path: Mapping[str, Any]) -> str:
    """The employee in X-Acting-Employee acts (422 when the header is missing)."""
    return acting_employee(caller)


def the_acting_employee_or_admin(caller: Caller, path: Mapping[str, Any]) -> str | None:
    """The employee in X-Acting-Employee acts; an admin who names nobody acts as the admin."""
    if caller.role is Role.ADMIN and caller.acting_employee is None:
        return None
    return acting_employee(caller)


def the_employee_in_path(caller: Caller, path: Mapping[str, Any]) -> str:
    """The employee the path names acts; the portal may act only for that employee."""
    employee_id: str = path["employee_id"]
    check_acts_for(caller, employee_id)
    return employee_id


@dataclass(frozen=True)
class Reply:
    """A command route's response: ``model``, built from the path values among its fields and
    the command's result as its field named ``result``; ``location``, when given, is the
    Location header, filled in from the response's fields."""

    model: type[BaseModel]
    result: str | None = None
    location: str | None = None

    def build(self, result: Any, path: Mapping[str, Any], response: Response) -> BaseModel:
        """The response model; sets the Location header when the reply names one."""
        values = {name: value for name, value in path.items() if name in self.model.model_fields}
        if self.result is not None:
            values[self.result] = result
        reply = self.model(**values)
        if self.location is not None:
            response.headers["Location"] = self.location.format(**reply.model_dump())
        return reply


class CommandEndpoint:
    """The endpoint of one command route; its signature is what FastAPI reads."""

    def __init__(
        self, path: str, body: type[CommandBody], caller: Any, reply: Reply, actor: Actor
    ) -> None:
        self.path_names = re.findall(r"{(\w+)}", path)
        self.reply = reply
        self.actor = actor
        command = body.command
        changes = command is not None and issubclass(command, Change)
        context = CommandDep if changes else NewCommandDep
        parameters = [(name, PATH_PARAMETERS[name]) for name in self.path_names] + [
            ("caller", caller), ("context", context), ("body", body),
            ("service", ServiceDep), ("response", Response),
        ]
        self.__signature__ = Signature(
            [Parameter(name, Parameter.KEYWORD_ONLY, annotation=kind) for name, kind in parameters],
            return_annotation=reply.model,
        )

    def __call__(self, *, caller: Caller, context: CommandContext, body: CommandBody,
                 service: MentoringService, response: Response, **path: Any) -> BaseModel:
        """Run the body's command (``path`` holds the path values); answer with the reply."""
        who = self.actor(caller, path)
        acting = {} if who is None else {"actor": who}
        result = service.handle(body.to_command(context, **acting, **path))
        return self.reply.build(result, path, response)


@dataclass(frozen=True)
class CommandRoutes:
    """The command routes below one path (``prefix``) that reply alike and agree on who acts;
    each route may name its own reply or actor instead."""

    router: APIRouter
    prefix: str = ""
    reply: Reply | None = None
    actor: Actor = the_caller

    def post(self, path: str, body: type[CommandBody], caller: Any, **route: Any) -> None:
        """A POST command route at ``prefix + path``."""
        self.add("POST", path, body, caller, **route)

    def put(self, path: str, body: type[CommandBody], caller: Any, **route: Any) -> None:
        """A PUT command route at ``prefix + path``."""
        self.add("PUT", path, body, caller, **route)

    def add(
        self, method: str, path: str, body: type[CommandBody], caller: Any, *, name: str,
        summary: str, description: str, status_code: int = 200, reply: Reply | None = None,
        actor: Actor | None = None,
    ) -> None:
        """Register the route; ``name`` is the operation's name (its OpenAPI operation id)."""
        answer = reply or self.reply
        if answer is None:
            raise TypeError(f"the route {name} names no reply")
        endpoint = CommandEndpoint(self.prefix + path, body, caller, answer, actor or self.actor)
        self.router.add_api_route(
            self.prefix + path, endpoint, methods=[method], name=name, summary=summary,
            description=description, status_code=status_code, response_model=answer.model,
        )
