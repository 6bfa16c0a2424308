"""Overload is answered, not queued: beyond a number of commands in flight, 503 at once.

A command (POST, PUT, PATCH, DELETE) that arrives while ``limit`` commands are still running
is refused with 503 ``overloaded`` and ``Retry-After: 1`` before anything reads it: nothing was
claimed or recorded, so a client retrying with the same Idempotency-Key is always safe. Reads
are not counted. The limit is ``MENTORING_HTTP_MAX_COMMANDS_IN_FLIGHT`` (per process).
"""

from __future__ import annotations

import threading

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateways.entrypoints.http.problems import HttpProblem

COMMAND_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
RETRY_AFTER_SECONDS = 1


class OverloadMiddleware:
    """Count the commands in flight; refuse one more than ``limit`` (the correlation middleware
    renders the 503)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        if limit < 1:
            raise ValueError("the limit of commands in flight is at least 1")
        self.app = app
        self.limit = limit
        self.in_flight = 0
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method", "").upper() not in COMMAND_METHODS:
            await self.app(scope, receive, send)
            return
        with self._lock:
            admitted = self.in_flight < self.limit
            if admitted:
                self.in_flight += 1
        if not admitted:
            raise HttpProblem(
                503, "overloaded",
                f"more than {self.limit} commands are in flight; retry after "
                f"{RETRY_AFTER_SECONDS} s (with the same Idempotency-Key)",
                headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
            )
        finished = False

        def finish() -> None:
            nonlocal finished
            if not finished:
                finished = True
                with self._lock:
                    self.in_flight -= 1

        async def answering(message: Message) -> None:
            # the slot is free before the answer's last bytes leave: a client that sends its
            # next command as soon as it has the answer is never refused for its own command
            if message["type"] == "http.response.body" and not message.get("more_body", False):
                finish()
            await send(message)

        try:
            await self.app(scope, receive, answering)
        finally:
            finish()
