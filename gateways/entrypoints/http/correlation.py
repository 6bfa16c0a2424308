"""Correlation ids and the last line of defence, as one pure ASGI middleware.

Every request gets an id (a sane incoming X-Request-ID, or a fresh one), bound in structlog's
contextvars for every log line of the request and returned in X-Request-ID. An exception that
nothing handled becomes a bare problem+json 500, logged here with its traceback.
"""

from __future__ import annotations

import re
import time
import uuid

import structlog
from starlette.datastructures import MutableHeaders
from starlette.types import Message, Receive, Scope, Send

from gateways.entrypoints.http.handlers import render
from gateways.entrypoints.http.http_middleware import HttpMiddleware

REQUEST_ID_HEADER = "X-Request-ID"
SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

log = structlog.get_logger(__name__)


def request_id_from(scope: Scope) -> str:
    """The caller's X-Request-ID when it is sane, otherwise a new one."""
    for name, value in scope.get("headers", []):
        if name == b"x-request-id":
            text = value.decode("latin-1")
            if SANE_REQUEST_ID.fullmatch(text):
                return text
    return uuid.uuid4().hex


class CorrelationMiddleware(HttpMiddleware):
    """Bind a request id, log each request once, and turn unhandled errors into a 500."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        request_id = request_id_from(scope)
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(
            request_id=request_id, method=scope["method"], path=scope["path"]
        )
        began = time.perf_counter()
        status = {"code": 500, "started": False}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"], status["started"] = message["status"], True
                MutableHeaders(scope=message).append(REQUEST_ID_HEADER, request_id)
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception as error:
            if status["started"]:
                raise
            await render(error)(scope, receive, send_with_id)
        finally:
            log.info(
                "request_finished",
                status=status["code"],
                duration_ms=round((time.perf_counter() - began) * 1000, 1),
            )
            structlog.contextvars.clear_contextvars()
