"""The app factory: a FastAPI app over a container the composition root built."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Protocol

from anyio import CapacityLimiter
from fastapi import FastAPI, routing

from gateways.entrypoints.http import health
from gateways.entrypoints.http.auth.keys import KeyRing
from gateways.entrypoints.http.collector import frozen_while_serving
from gateways.entrypoints.http.content_type import JsonBodyMiddleware
from gateways.entrypoints.http.correlation import CorrelationMiddleware
from gateways.entrypoints.http.handlers import install_problem_handlers
from gateways.entrypoints.http.health import ReadinessProbes
from gateways.entrypoints.http.idempotency.keeper import ResponseKeeper
from gateways.entrypoints.http.idempotency.ledger import IdempotencyLedger
from gateways.entrypoints.http.openapi import problem_openapi
from gateways.entrypoints.http.overload import OverloadMiddleware
from gateways.entrypoints.http.positions import PositionMiddleware
from gateways.entrypoints.http.routers import API_ROUTERS
from gateways.entrypoints.http.settings import COMMANDS_IN_FLIGHT
from services.mentoring import MentoringService

DESCRIPTION = """Commands and current-state reads of the mentoring programs.

Authenticate with `X-API-Key`. Portal calls name the employee they act for in
`X-Acting-Employee`. Send `Idempotency-Key` on commands to make retries safe, and `If-Match`
with a read's `ETag` to refuse a change made on a stale version. Errors are
`application/problem+json` with a stable `type` per rule. Bodies are `application/json` in
UTF-8; any other Content-Type is refused (415).
"""


class ApiDependencies(Protocol):
    """What the app needs from the composition root."""

    service: MentoringService
    ledger: IdempotencyLedger
    key_ring: KeyRing
    readiness: ReadinessProbes

    def start(self) -> None:
        """Start background work (the HRIS ingestion, when the API process runs it)."""

    def close(self) -> None:
        """Release the stores."""


def warm_routes(app: FastAPI) -> None:
    """Build the routes' effective contexts (their dependants and validators) at start-up:
    FastAPI builds them lazily at the first request, about half a second of CPU. (FastAPI
    before 0.137, without ``iter_route_contexts``, builds them when they are included.)"""
    contexts = getattr(routing, "iter_route_contexts", None)
    if contexts is not None:
        for _ in contexts(app.router.routes):
            pass


def create_app(container: ApiDependencies) -> FastAPI:
    """Build the API over ``container``; the app closes the container when it shuts down."""

    keeper = ResponseKeeper(container.ledger)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        container.start()
        warm_routes(app)
        threads = getattr(container, "command_threads", None)
        app.state.command_threads = None if threads is None else CapacityLimiter(threads)
        with frozen_while_serving():
            yield
        keeper.close()  # the responses still waiting are kept first
        container.close()

    app = FastAPI(
        title="Mentoring command API", version="1", description=DESCRIPTION, lifespan=lifespan
    )
    app.state.service = container.service
    app.state.ledger = container.ledger
    app.state.keeper = keeper  # keeps the responses of Idempotency-Keys, many in one save
    app.state.key_ring = container.key_ring
    app.state.readiness = container.readiness
    app.state.portal = getattr(container, "portal", None)  # the portal lists' read side
    install_problem_handlers(app)
    # commands beyond the limit in flight: 503 overloaded (rendered by the correlation layer)
    app.add_middleware(
        OverloadMiddleware, limit=getattr(container, "max_commands_in_flight", COMMANDS_IN_FLIGHT)
    )
    app.add_middleware(JsonBodyMiddleware)
    app.add_middleware(CorrelationMiddleware)
    app.add_middleware(PositionMiddleware)  # X-Log-Position on commands that wrote
    app.include_router(health.router)
    for router in API_ROUTERS:
        app.include_router(router)
    app.openapi = lambda: problem_openapi(app)  # type: ignore[method-assign]
    return app
