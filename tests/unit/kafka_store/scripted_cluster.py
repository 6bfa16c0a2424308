"""A stand-in for ``protocol.cluster.Cluster`` whose every connection answers from a script.

The writer's unit tests patch ``writer.Cluster`` with ``scripted_cluster(answer, ...)``: each
request sent is answered by ``answer(request)`` (an exception in its place is raised by
``receive``), every broker and coordinator is ``ADDRESS``, one connection per purpose.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

import pytest

from gateways.stores.kafka import writer as writer_module

ADDRESS = "127.0.0.1:1"
Answer = Callable[[Any], Any]


class ScriptedConnection:
    """Pipelined like ``wire.BrokerConnection``: answers are received in the order sent."""

    def __init__(self, answer: Answer) -> None:
        self._answer = answer
        self.address = ADDRESS
        self.closed = False
        self._answers: deque[Any] = deque()

    def request(self, request: Any) -> Any:
        self.send(request)
        return self.receive()

    def send(self, request: Any) -> None:
        self._answers.append(self._answer(request))

    def receive(self) -> Any:
        answer = self._answers.popleft()
        if isinstance(answer, Exception):
            raise answer
        return answer

    def close(self) -> None:
        self.closed = True


def scripted_cluster(
    answer: Answer, *, features: dict[str, int], api_versions: dict[int, int] | None = None
) -> type:
    """A Cluster class with these finalized features and API versions, answering ``answer``."""

    class Cluster:
        def __init__(self, config: Any) -> None:
            self.features = features
            self.api_versions = api_versions or {}
            self._connections: dict[str, ScriptedConnection] = {}

        def bootstrap(self) -> None:
            pass

        def coordinator(self, key: str, key_type: int) -> str:
            return ADDRESS

        def leader(self, topic: str) -> str:
            return ADDRESS

        def connection(self, address: str, purpose: str) -> ScriptedConnection:
            return self._connections.setdefault(purpose, ScriptedConnection(answer))

        def retrying(self, what: str, action: Any, *args: Any) -> Any:
            return action(*args)

        def close(self) -> None:
            pass

    return Cluster


class Scripted(Protocol):
    """A scripted transaction coordinator: answers each request sent to it."""

    def answer(self, request: Any) -> Any: ...


C = TypeVar("C", bound=Scripted)


def coordinator_fixture(make: Callable[[], C]) -> Any:
    """A ``coordinator`` fixture: a new ``make()``, which the writer's Cluster (patched for the
    test) answers from, with transaction version 2."""

    @pytest.fixture
    def coordinator(monkeypatch: pytest.MonkeyPatch) -> C:
        made = make()
        Cluster = scripted_cluster(made.answer, features={"transaction.version": 2})
        monkeypatch.setattr(writer_module, "Cluster", Cluster)
        return made

    return coordinator
