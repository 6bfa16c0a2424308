"""The overload middleware frees a command's slot by the time its client has the answer."""

from __future__ import annotations

import anyio
import pytest
from starlette.types import Message, Receive, Scope, Send

from gateways.entrypoints.http.overload import OverloadMiddleware
from gateways.entrypoints.http.problems import HttpProblem

COMMAND: Scope = {"type": "http", "method": "POST", "path": "/employees"}


async def answered(scope: Scope, receive: Receive, send: Send) -> None:
    await send({"type": "http.response.start", "status": 201, "headers": []})
    await send({"type": "http.response.body", "body": b"{}", "more_body": False})


async def nothing() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


def test_a_client_sending_its_next_command_on_the_answer_is_admitted() -> None:
    overload = OverloadMiddleware(answered, limit=1)
    statuses: list[int] = []

    async def client(message: Message) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])
        elif len(statuses) < 3:  # the answer is in: the next command at once
            await overload(COMMAND, nothing, client)

    anyio.run(overload, COMMAND, nothing, client)

    assert statuses == [201, 201, 201]
    assert overload.in_flight == 0


def test_a_command_beyond_the_limit_is_still_refused() -> None:
    overload = OverloadMiddleware(answered, limit=1)

    async def inside(message: Message) -> None:
        if message["type"] == "http.response.start":  # the first still answering
            with pytest.raises(HttpProblem) as refused:
                await overload(COMMAND, nothing, inside)
            assert refused.value.status == 503

    anyio.run(overload, COMMAND, nothing, inside)
    assert overload.in_flight == 0


def test_a_command_that_fails_before_answering_frees_its_slot() -> None:
    async def failing(scope: Scope, receive: Receive, send: Send) -> None:
        raise RuntimeError("store down")

    async def unheard(message: Message) -> None:
        raise AssertionError("nothing was answered")

    overload = OverloadMiddleware(failing, limit=1)
    with pytest.raises(RuntimeError):
        anyio.run(overload, COMMAND, nothing, unheard)
    assert overload.in_flight == 0
