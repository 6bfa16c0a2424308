"""Fault injection for the crash tests: die (os._exit) at a named point of the n-th record."""

from __future__ import annotations

import os

import structlog

log = structlog.get_logger(__name__)

CRASH_EXIT_CODE = 137


class Faults:
    """``reached(point)`` exits the process the ``after``-th time ``point`` is reached."""

    def __init__(self, point: str | None = None, after: int = 1) -> None:
        self.point = point
        self.after = after
        self.count = 0

    def reached(self, point: str) -> None:
        """Count a pass through ``point``; crash on the chosen pass."""
        if point != self.point:
            return
        self.count += 1
        if self.count >= self.after:
            log.warning("hris_crash_injected", point=point, count=self.count)
            os._exit(CRASH_EXIT_CODE)
