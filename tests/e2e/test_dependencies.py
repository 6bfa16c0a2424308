"""The routes that run commands: their dependencies are async (FastAPI runs a sync dependency in
the thread pool, one trip per request, which under load costs more than the dependency), and
their commands run in the app's command threads (MENTORING_HTTP_COMMAND_THREADS)."""

from __future__ import annotations

import inspect
from collections.abc import Iterator

import pytest
from fastapi.dependencies.models import Dependant
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from gateways.bootstrap import build_http_app
from gateways.entrypoints.http.idempotency.command import (
    CommandRoute,
    command_context,
    creation_context,
)
from gateways.entrypoints.http.routers.lists import read_side
from gateways.entrypoints.http.settings import DEFAULT_COMMAND_THREADS
from gateways.settings import Settings
from tests.e2e.http_world import key_settings

CONTEXTS = (command_context, creation_context)
"""The dependencies of a route that runs a command (its Idempotency-Key and If-Match)."""
WAITS = (read_side,)
"""Dependencies that block, so belong in the thread pool: the matching round's wait for the
portal read model."""


def dependencies(dependant: Dependant) -> Iterator[Dependant]:
    """Every dependency below ``dependant``, depth first."""
    for dependency in dependant.dependencies:
        yield dependency
        yield from dependencies(dependency)


def blocking(call: object) -> bool:
    """Whether FastAPI would run ``call`` in the thread pool."""
    target = call if inspect.isroutine(call) else getattr(call, "__call__", None)  # noqa: B004
    return not (inspect.iscoroutinefunction(target) or inspect.isasyncgenfunction(target))


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
def test_no_command_route_runs_a_dependency_in_the_thread_pool(settings: Settings) -> None:
    app = build_http_app(settings, key_settings())
    with TestClient(app):
        routes = [  # as served: FastAPI builds the included routes' dependants
            context for context in iter_route_contexts(app.router.routes)
            if isinstance(context.original_route, CommandRoute)
            and any(d.call in CONTEXTS for d in dependencies(context.dependant))
        ]
        found = {
            f"{route.path}: {getattr(dependency.call, '__qualname__', dependency.call)}"
            for route in routes
            for dependency in dependencies(route.dependant)
            if dependency.call is not None and dependency.call not in WAITS
            and blocking(dependency.call)
        }
    assert len(routes) > 30
    assert found == set()


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
def test_commands_run_in_the_stores_default_number_of_threads(settings: Settings) -> None:
    app = build_http_app(settings, key_settings())
    with TestClient(app):
        assert app.state.command_threads.total_tokens == DEFAULT_COMMAND_THREADS["sqlite"]


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
def test_the_command_threads_are_a_setting(settings: Settings) -> None:
    http = key_settings().model_copy(update={"http_command_threads": 2})
    app = build_http_app(settings, http)
    with TestClient(app):
        assert app.state.command_threads.total_tokens == 2
