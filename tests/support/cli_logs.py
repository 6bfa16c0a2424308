"""Structured logs of CLI commands run in-process by typer's CliRunner, on the current stderr.

CliRunner swaps sys.stderr for every call and closes it afterwards; a logger bound to the stream
of an earlier call would write to a closed file. A conftest wraps `logs_to_the_current_stderr`
in an autouse fixture.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from typing import TextIO, cast

import pytest
import structlog


class CurrentStderr(io.TextIOBase):
    """Whatever sys.stderr is when a log line is written (CliRunner swaps it per call)."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


def logs_to_the_current_stderr(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Logs on stderr, but never to a stream CliRunner has closed (until the generator ends)."""
    monkeypatch.setattr("gateways.logging.configure_logging", lambda settings: None)
    stderr = cast(TextIO, CurrentStderr())
    structlog.configure(logger_factory=structlog.PrintLoggerFactory(file=stderr))
    yield
    structlog.reset_defaults()
