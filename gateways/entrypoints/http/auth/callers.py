"""Who is calling: the role of the API key, and for the portal the employee it acts for."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import structlog
from fastapi import Depends, Header, Request
from fastapi.security import APIKeyHeader

from gateways.entrypoints.http.auth.keys import KeyRing, Role, hash_key
from gateways.entrypoints.http.problems import HttpProblem

API_KEY_HEADER = "X-API-Key"
ACTING_EMPLOYEE_HEADER = "X-Acting-Employee"
EMPLOYEE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")

api_key_scheme = APIKeyHeader(name=API_KEY_HEADER, auto_error=False, description="an API key")


@dataclass(frozen=True)
class Caller:
    """An authenticated caller: its role, its key's hash, and the employee it acts for."""

    role: Role
    key_hash: str
    acting_employee: str | None

    @property
    def actor(self) -> str:
        """Who the recorded events name as the actor."""
        return self.acting_employee or f"{self.role.value}:{self.key_hash[:12]}"

    @property
    def scope(self) -> str:
        """The namespace of this caller's Idempotency-Keys."""
        return f"{self.key_hash}/{self.acting_employee or ''}"


def key_ring(request: Request) -> KeyRing:
    """The key ring the application was built with."""
    ring: KeyRing = request.app.state.key_ring
    return ring


async def authenticate(
    request: Request,
    key: str | None = Depends(api_key_scheme),
    acting_employee: str | None = Header(
        default=None,
        alias=ACTING_EMPLOYEE_HEADER,
        description="the HRIS id of the employee the caller acts for (required for the portal)",
    ),
) -> Caller:
    """The caller of an API key; 401 without a known key, 422 for a malformed employee id."""
    role = key_ring(request).role_for(key) if key else None
    if role is None:
        raise HttpProblem(
            401, "unauthenticated", f"send a valid API key in {API_KEY_HEADER}",
            headers={"WWW-Authenticate": "ApiKey"},
        )
    if acting_employee is not None and not EMPLOYEE_ID.fullmatch(acting_employee):
        raise HttpProblem(422, "invalid-acting-employee", f"{ACTING_EMPLOYEE_HEADER} is malformed")
    if role is Role.PORTAL and acting_employee is None:
        raise HttpProblem(
            422, "acting-employee-required", f"the portal must send {ACTING_EMPLOYEE_HEADER}"
        )
    caller = Caller(role, hash_key(key or ""), acting_employee)
    structlog.contextvars.bind_contextvars(role=role.value, actor=caller.actor)
    return caller


def require(*roles: Role) -> Callable[..., Awaitable[Caller]]:
    """A dependency admitting only ``roles``; others get 403."""
    allowed = frozenset(roles)

    async def admitted(caller: Caller = Depends(authenticate)) -> Caller:
        if caller.role not in allowed:
            names = ", ".join(sorted(role.value for role in allowed))
            raise HttpProblem(403, "forbidden", f"this endpoint is for: {names}")
        return caller

    admitted.allowed_roles = allowed  # type: ignore[attr-defined]
    return admitted
