"""structlog configured once: console lines in development, JSON lines in production."""

from __future__ import annotations

import logging
import sys

import structlog

from gateways.observability.tracing import add_trace_ids
from gateways.settings import Settings


def _stderr_logger(*_args: object) -> structlog.PrintLogger:
    return structlog.PrintLogger(file=sys.stderr)


def configure_logging(settings: Settings) -> None:
    """Set up structlog and the standard library root logger; call once per process."""
    use_json = settings.log_format == "json" or (
        settings.log_format == "auto" and settings.environment == "production"
    )
    level = logging.getLevelName(settings.log_level.upper())
    shared: list[structlog.typing.Processor] = [
        structlog.contextvars.merge_contextvars,
        add_trace_ids,  # the current OpenTelemetry trace_id and span_id, when there is a span
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer: structlog.typing.Processor = (
        structlog.processors.JSONRenderer()
        if use_json
        else structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
    )
    structlog.configure(
        processors=[*shared, structlog.processors.format_exc_info, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=_stderr_logger,
        # Not cached: the logger looks up sys.stderr when it is created, so processes (and
        # test runners) that replace stderr later still get their logs.
        cache_logger_on_first_use=False,
    )
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    logging.getLogger("kafka").setLevel(logging.ERROR)
