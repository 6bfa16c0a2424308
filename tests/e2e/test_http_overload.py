"""Overload is answered, not queued: beyond the commands in flight allowed, 503 at once."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from gateways.bootstrap import build_http_app
from gateways.entrypoints.http.auth.keys import Role
from gateways.entrypoints.http.settings import HttpSettings
from gateways.settings import Settings
from tests.e2e.http_world import Api, key_settings

HIRE = {"hris_id": "E1", "department": "sales", "job_level": 5, "manager_id": None,
        "location": "Lisbon", "hired_on": "2024-01-02"}


@pytest.fixture
def api(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Api]:
    """The app with room for one command in flight."""
    monkeypatch.setenv("MENTORING_HTTP_MAX_COMMANDS_IN_FLIGHT", "1")
    assert HttpSettings().http_max_commands_in_flight == 1
    settings = Settings(store=f"sqlite:///{tmp_path / 'events.db'}", environment="test")
    http = key_settings().model_copy(update={"http_max_commands_in_flight": 1})
    with TestClient(build_http_app(settings, http), raise_server_exceptions=False) as client:
        yield Api(client)


def hire(api: Api, hris_id: str, key: str | None = None) -> Any:
    headers = {"Idempotency-Key": key} if key else {}
    return api.call("POST", "/employees", Role.HRIS, body={**HIRE, "hris_id": hris_id},
                    headers=headers)


@pytest.fixture
def held(api: Api) -> Iterator[threading.Event]:
    """The service's next command waits, inside its handler, until the event is set."""
    service = api.client.app.state.service  # type: ignore[attr-defined]
    entered, release = threading.Event(), threading.Event()
    handle = service.handle

    def held_handle(command: Any) -> Any:
        entered.set()
        assert release.wait(30)
        return handle(command)

    service.handle = held_handle
    release.entered = entered  # type: ignore[attr-defined]
    yield release
    release.set()
    service.handle = handle


def test_a_command_beyond_the_limit_is_503_at_once_and_a_retry_is_safe(
    api: Api, held: threading.Event
) -> None:
    with ThreadPoolExecutor(1) as pool:
        first = pool.submit(hire, api, "E1", "k-1")
        assert held.entered.wait(30)  # type: ignore[attr-defined]
        refused = hire(api, "E2", "k-2")
        assert refused.status_code == 503
        assert refused.headers["Retry-After"] == "1"
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.json()["rule"] == "overloaded"
        assert api.client.get("/healthz").status_code == 200  # reads are not counted
        held.set()
        assert first.result(30).status_code == 201
    retried = hire(api, "E2", "k-2")  # nothing was claimed: the retry runs the command
    assert retried.status_code == 201, retried.text
    assert "Idempotent-Replayed" not in retried.headers


def test_the_slot_is_freed_when_a_command_fails(api: Api) -> None:
    assert hire(api, "E1").status_code == 201
    assert hire(api, "E1").status_code == 409  # refused by the domain
    assert hire(api, "E3").status_code == 201
