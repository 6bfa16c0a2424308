"""structlog configured once: console lines in development, JSON lines in production."""

from __future__ import annotations

import logging
import sys

import structlog

from gateways.settings import Settings


def configure_logging(settings: Settings) -> None:
    """Set up structlog and the standard library root logger; call once per process."""
    use_json = settings.log_format == "json" or (
        settings.log_format == "auto" and settings.environment == "production"
    )
    level = logging.getLevelName(settings.log_level.upper())
    shared = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer = (
        structlog.processors.JSONRenderer()
        if use_json
        else structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
    )
    structlog.configure(
        processors=[*shared, structlog.processors.format_exc_info, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=True,
    )
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    logging.getLogger("kafka").setLevel(logging.ERROR)
