"""The per-request command context, and the route class that replays and keeps responses.

Every command route takes ``CommandContext`` (see ``gateways.entrypoints.http.deps``): its
``command_id`` goes to the services, which run a retried command id only once. With an
Idempotency-Key, the id comes from the key and the request's fingerprint, and the ledger
replays the first response.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from fastapi import Depends, Header, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.routing import APIRoute

from gateways.entrypoints.http.auth.callers import Caller, authenticate
from gateways.entrypoints.http.handlers import problem_for, render
from gateways.entrypoints.http.idempotency.fingerprint import fingerprint
from gateways.entrypoints.http.idempotency.ledger import IdempotencyLedger
from gateways.entrypoints.http.idempotency.record import StoredResponse
from gateways.entrypoints.http.problems import HttpProblem

IDEMPOTENCY_HEADER = "Idempotency-Key"
SANE_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")
REPLAYED_HEADERS = ("content-type", "etag", "location")
IF_MATCH = re.compile(r'^(?:W/)?"?(\d{1,18})"?$')


@dataclass(frozen=True)
class CommandContext:
    """What a command route adds to the body's own values to build the service's command.

    ``command_id`` is None without an Idempotency-Key: the service then keeps no command log.
    """

    command_id: str | None
    expected_version: int | None
    actor: str
    caller: Caller

    @property
    def event_id(self) -> str:
        """The HRIS commands need an upstream event id: the command id, or a new one."""
        return self.command_id or str(uuid.uuid4())


class Replay(Exception):
    """Raised instead of running a command whose first response is on record."""

    def __init__(self, stored: StoredResponse) -> None:
        super().__init__("replay")
        self.stored = stored


def expected_version(if_match: str | None) -> int | None:
    """The version named by If-Match (our ETags are the quoted version; `*` is any)."""
    if if_match is None or if_match.strip() == "*":
        return None
    found = IF_MATCH.fullmatch(if_match.strip())
    if found is None:
        raise HttpProblem(422, "invalid-if-match", 'If-Match must be an ETag such as "3"')
    return int(found.group(1))


KEY_HEADER = Header(
    default=None,
    alias=IDEMPOTENCY_HEADER,
    description="retries with the same key and body replay the first response",
)


async def command_context(
    request: Request,
    caller: Caller = Depends(authenticate),
    idempotency_key: str | None = KEY_HEADER,
    if_match: str | None = Header(
        default=None, alias="If-Match",
        description='the ETag (version) the change expects, e.g. "3"',
    ),
) -> CommandContext:
    """The context of a command on an existing aggregate, guarded by If-Match."""
    return await claimed_context(request, caller, idempotency_key, expected_version(if_match))


async def creation_context(
    request: Request,
    caller: Caller = Depends(authenticate),
    idempotency_key: str | None = KEY_HEADER,
) -> CommandContext:
    """The context of a command with no version to check; If-Match is refused, not ignored."""
    if request.headers.get("if-match", "*").strip() != "*":
        raise HttpProblem(422, "if-match-not-applicable", "this command takes no If-Match")
    return await claimed_context(request, caller, idempotency_key, None)


async def claimed_context(
    request: Request, caller: Caller, idempotency_key: str | None, version: int | None
) -> CommandContext:
    """Build the command context, replaying instead when the key has a response on record."""
    if idempotency_key is None:
        return CommandContext(None, version, caller.actor, caller)
    if not SANE_KEY.fullmatch(idempotency_key):
        raise HttpProblem(422, "invalid-idempotency-key", "use 1-255 visible ASCII characters")
    request_print = fingerprint(request.method, request.url.path, await request.body())
    ledger: IdempotencyLedger = request.app.state.ledger
    claim = await run_in_threadpool(ledger.claim, caller.scope, idempotency_key, request_print)
    if claim.replay is not None:
        raise Replay(claim.replay)
    request.state.idempotency = (caller.scope, idempotency_key)
    return CommandContext(str(claim.command_id), version, caller.actor, caller)


def replayed(stored: StoredResponse) -> Response:
    """The first response again, marked as a replay."""
    headers = {**stored.headers, "Idempotent-Replayed": "true"}
    media_type = headers.pop("content-type", None)
    return Response(stored.body, stored.status, headers=headers, media_type=media_type)


def stored(response: Response) -> StoredResponse:
    """What to keep of a response for replays."""
    headers = {k: v for k, v in response.headers.items() if k.lower() in REPLAYED_HEADERS}
    return StoredResponse(response.status_code, bytes(response.body).decode("utf-8"), headers)


class CommandRoute(APIRoute):
    """An API route that replays first responses and keeps the response of claimed keys."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                response = await handler(request)
            except Replay as replay:
                return replayed(replay.stored)
            except Exception as error:
                claimed = getattr(request.state, "idempotency", None)
                if claimed is None or problem_for(error) is None:
                    raise
                response = render(error)
            claimed = getattr(request.state, "idempotency", None)
            if claimed is not None and response.status_code < 500:
                ledger: IdempotencyLedger = request.app.state.ledger
                scope, key = claimed
                first = await run_in_threadpool(ledger.keep_response, scope, key, stored(response))
                return response if first.body == stored(response).body else replayed(first)
            return response

        return handle
