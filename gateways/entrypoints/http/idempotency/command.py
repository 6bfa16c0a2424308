"""The per-request command context, and the route class that replays and keeps responses.

Every command route takes ``CommandContext`` (see ``gateways.entrypoints.http.deps``): its
``command_id`` goes to the services, which run a retried command id only once. With an
Idempotency-Key, the id comes from the key and the request's fingerprint, and the ledger
replays the first response.
"""

from __future__ import annotations

import inspect
import re
import uuid
from collections.abc import Callable, Coroutine
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, get_args

from anyio import CapacityLimiter, to_thread
from fastapi import Depends, Header, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.routing import APIRoute

from gateways.entrypoints.http.auth.callers import Caller, authenticate
from gateways.entrypoints.http.handlers import problem_for, render
from gateways.entrypoints.http.idempotency.fingerprint import command_id, fingerprint
from gateways.entrypoints.http.idempotency.keeper import ResponseKeeper
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
    claim: PendingClaim | None = field(default=None, compare=False, repr=False)
    """The key's claim, when the route's endpoint takes it in its own thread (``claiming``)."""

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
    pending = PendingClaim(request, caller.scope, idempotency_key, request_print)
    ident = str(command_id(caller.scope, idempotency_key, request_print))
    if getattr(request.scope.get("route"), "claims_in_endpoint", False):
        return CommandContext(ident, version, caller.actor, caller, pending)
    await run_in_threadpool(pending.take)
    return CommandContext(ident, version, caller.actor, caller)


@dataclass(frozen=True)
class PendingClaim:
    """The claim of a request's Idempotency-Key, to take before its command runs."""

    request: Request
    scope: str
    key: str
    request_print: str

    def take(self) -> None:
        """Claim the key (blocking: the ledger reads the store); raises ``Replay`` when the
        key's first response is on record, 409 or 422 when the key is not free."""
        ledger: IdempotencyLedger = self.request.app.state.ledger
        claim = ledger.claim(self.scope, self.key, self.request_print)
        if claim.replay is not None:
            raise Replay(claim.replay)
        self.request.state.idempotency = (self.scope, self.key)


def takes_context(endpoint: Callable[..., Any]) -> bool:
    """Whether ``endpoint`` is a sync function with a ``CommandContext`` parameter."""
    call = endpoint if inspect.isfunction(endpoint) else getattr(endpoint, "__call__", None)  # noqa: B004
    if call is None or inspect.iscoroutinefunction(call):
        return False
    try:
        signature = inspect.signature(endpoint, eval_str=True)
    except (NameError, TypeError, ValueError):
        return False
    return any(
        get_args(parameter.annotation)[:1] == (CommandContext,)
        or parameter.annotation is CommandContext
        for parameter in signature.parameters.values()
    )


COMMAND_THREADS: ContextVar[CapacityLimiter | None] = ContextVar("command_threads", default=None)
"""The threads a command endpoint may run in (the app's ``command_threads``; None: AnyIO's
default pool), set by ``CommandRoute`` for its request."""


def claiming(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """``endpoint`` taking its command's claim first, in the worker thread it runs in: one
    trip to the thread pool per command instead of two. It runs in ``COMMAND_THREADS``, and
    FastAPI sees a coroutine, so it validates the response on the event loop instead of in a
    further trip to the pool. FastAPI sees the same signature, name and docstring."""

    def claimed(values: dict[str, Any]) -> Any:
        for value in values.values():
            if isinstance(value, CommandContext) and value.claim is not None:
                value.claim.take()
        return endpoint(**values)

    async def claimed_endpoint(**values: Any) -> Any:
        return await to_thread.run_sync(claimed, values, limiter=COMMAND_THREADS.get())

    claimed_endpoint.__signature__ = inspect.signature(endpoint, eval_str=True)  # type: ignore[attr-defined]
    claimed_endpoint.__name__ = getattr(endpoint, "__name__", type(endpoint).__name__)
    claimed_endpoint.__qualname__ = getattr(endpoint, "__qualname__", claimed_endpoint.__name__)
    claimed_endpoint.__doc__ = endpoint.__doc__
    claimed_endpoint.__module__ = endpoint.__module__
    return claimed_endpoint


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
    """An API route that replays first responses and keeps the response of claimed keys.

    A sync endpoint taking a ``CommandContext`` claims the key in its own worker thread
    (``claiming``); any other claims it in the command context's dependency.
    """

    def __init__(self, path: str, endpoint: Callable[..., Any], **options: Any) -> None:
        self.claims_in_endpoint = takes_context(endpoint)
        super().__init__(
            path, claiming(endpoint) if self.claims_in_endpoint else endpoint, **options
        )

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            threads = COMMAND_THREADS.set(getattr(request.app.state, "command_threads", None))
            try:
                return await respond(request)
            finally:
                COMMAND_THREADS.reset(threads)

        async def respond(request: Request) -> Response:
            try:
                response = await handler(request)
            except Replay as replay:
                return replayed(replay.stored)
            except Exception as error:
                if claim_of(request) is None or problem_for(error) is None:
                    release(request)
                    raise
                response = render(error)
            except BaseException:  # cancelled: the claim is free for a retry
                release(request)
                raise
            return await kept(request, response)

        return handle


def claim_of(request: Request) -> tuple[str, str] | None:
    """The (scope, key) this request claimed, if any."""
    claimed: tuple[str, str] | None = getattr(request.state, "idempotency", None)
    return claimed


def release(request: Request) -> None:
    """Free the request's claim: it keeps no response, so a retry may run it again at once."""
    claimed = claim_of(request)
    if claimed is not None:
        ledger: IdempotencyLedger = request.app.state.ledger
        ledger.release(*claimed)


async def kept(request: Request, response: Response) -> Response:
    """Keep the response of a claimed key (below 500), or the first one if another won."""
    claimed = claim_of(request)
    if claimed is None:
        return response
    if response.status_code >= 500:
        release(request)
        return response
    scope, key = claimed
    keeping = stored(response)
    keeper: ResponseKeeper | None = getattr(request.app.state, "keeper", None)
    if keeper is not None:
        first = await keeper.keep(scope, key, keeping)
    else:
        ledger: IdempotencyLedger = request.app.state.ledger
        first = await run_in_threadpool(ledger.keep_response, scope, key, keeping)
    return response if first.body == keeping.body else replayed(first)
