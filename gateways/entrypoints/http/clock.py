"""The server's business date for the routes that must not let a caller choose "today"."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Request

from gateways.entrypoints.scheduler.runner import Clock


async def server_clock(request: Request) -> Clock:
    """The clock the composition root gave the app (MENTORING_TIMEZONE), else UTC."""
    clock = getattr(request.app.state, "clock", None)
    return clock if isinstance(clock, Clock) else Clock()


async def server_today(clock: Annotated[Clock, Depends(server_clock)]) -> date:
    """Today's business date by the server's clock."""
    return clock.today()


ServerToday = Annotated[date, Depends(server_today)]
"""Today by the server's clock, for a route's parameter."""
