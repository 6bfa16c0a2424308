"""The ASGI entry point uvicorn calls (as a factory) in every worker process."""

from __future__ import annotations

from fastapi import FastAPI

from gateways.bootstrap import build_http_app
from gateways.entrypoints.http.settings import load_http_settings
from gateways.logging import configure_logging
from gateways.protocol_checks import remember_protocol_members
from gateways.settings import load_settings


def app_from_environment() -> FastAPI:
    """Read the settings, configure logging, and build the API on the configured store."""
    settings = load_settings()
    configure_logging(settings)
    remember_protocol_members()
    return build_http_app(settings, load_http_settings())
