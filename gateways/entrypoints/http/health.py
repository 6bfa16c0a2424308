"""/healthz (the process answers) and /readyz (the store answers, projections keep up)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import structlog
from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

log = structlog.get_logger(__name__)
router = APIRouter(tags=["health"])


class Health(BaseModel):
    """The process is up."""

    status: Literal["ok"] = "ok"


class Check(BaseModel):
    """One readiness check."""

    name: str
    ok: bool
    detail: str


class Readiness(BaseModel):
    """Whether the API can serve: every check must pass."""

    status: Literal["ready", "not-ready"]
    checks: list[Check]


@dataclass
class ReadinessProbes:
    """What /readyz asks: the event store's head, and optionally a projection's position."""

    store_head: Callable[[], int | None]
    projection_position: Callable[[], int | None] | None = None
    max_lag: int = 1000
    extra: list[Callable[[], Check]] = field(default_factory=list)

    def run(self) -> list[Check]:
        """Run every check, turning failures into failed checks."""
        fenced = _fenced_writer()
        if fenced is not None:
            return [fenced]
        try:
            head = self.store_head() or 0
        except Exception as error:
            log.warning("store_unreachable", error_type=type(error).__name__, exc_info=error)
            return [Check(name="store", ok=False, detail="the event store did not answer")]
        checks = [Check(name="store", ok=True, detail=f"head at {head}")]
        if self.projection_position is not None:
            checks.append(self._lag(head))
        return checks + [probe() for probe in self.extra]

    def _lag(self, head: int) -> Check:
        try:
            lag = head - (self.projection_position() or 0)  # type: ignore[misc]
        except Exception as error:
            log.warning("projection_unreachable", error_type=type(error).__name__)
            return Check(name="projection", ok=False, detail="the projection did not answer")
        ok = lag <= self.max_lag
        return Check(name="projection", ok=ok, detail=f"lag {lag} (bound {self.max_lag})")


def _fenced_writer() -> Check | None:
    """A failed check if a newer process took over writing one of this process's Kafka logs
    (the commands' or the Idempotency-Key ledger's): it never writes again, restart it."""
    import sys

    store = sys.modules.get("gateways.stores.kafka.store")  # only if this process uses Kafka
    fenced = store.fenced_stores() if store is not None else []
    if not fenced:
        return None
    names = ", ".join(sorted(s.config.transactional_id for s in fenced))
    detail = f"fenced by a newer writer of {names}: this process no longer writes; restart it"
    return Check(name="writer", ok=False, detail=detail)


@router.get("/healthz", summary="The process is up")
async def healthz() -> Health:
    """Always 200 while the process serves requests (on the event loop: a probe takes no
    thread of the pool the commands need)."""
    return Health()


@router.get(
    "/readyz",
    summary="The store is reachable and projections keep up",
    responses={503: {"model": Readiness, "description": "not ready"}},
)
async def readyz(request: Request, response: Response) -> Readiness:
    """200 when every check passes, 503 otherwise."""
    probes: ReadinessProbes = request.app.state.readiness
    checks = await run_in_threadpool(probes.run)
    ready = all(check.ok for check in checks)
    response.status_code = 200 if ready else 503
    return Readiness(status="ready" if ready else "not-ready", checks=checks)
