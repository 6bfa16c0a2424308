"""A loop on a daemon thread, for a process that also serves the command API.

On the Kafka store the mentoring application has one writer, so the API process runs the HRIS
ingestion and the scheduler itself, each on its own thread, sharing the API's service.
"""

from __future__ import annotations

import threading
from typing import Protocol

import structlog

log = structlog.get_logger(__name__)


class Loop(Protocol):
    """What runs until its ``stop`` event is set."""

    stop: threading.Event

    def run(self) -> None:
        """Work until ``stop`` is set."""


class BackgroundLoop:
    """Runs a loop on a daemon thread named ``name``; ``stop`` ends it. A loop that fails is
    logged (``<name>_stopped``) and kept in ``failure``: the API goes on serving."""

    def __init__(self, loop: Loop, name: str) -> None:
        self.loop = loop
        self.name = name
        self._thread: threading.Thread | None = None
        self.failure: BaseException | None = None
        self._stopped = f"{name.replace('-', '_')}_stopped"

    def start(self) -> None:
        """Start the loop (once)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
            self._thread.start()

    @property
    def running(self) -> bool:
        """Whether the loop's thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    def stop(self, timeout: float = 30.0) -> None:
        """Ask the loop to stop, wait for it, then ``close`` what it used."""
        self.loop.stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self.close()

    def close(self) -> None:
        """Release what the loop used, once it stopped (nothing here)."""

    def _run(self) -> None:
        try:
            self.loop.run()
        except BaseException as error:  # the API goes on; /readyz reports the loop down
            self.failure = error
            log.error(self._stopped, error=str(error), error_type=type(error).__name__)
