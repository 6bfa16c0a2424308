"""The command API over HTTP, on the real stores: a SQLite file, and the real Kafka broker."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from gateways.bootstrap import build_http_app
from gateways.entrypoints.http.auth.keys import Role
from gateways.settings import Settings
from tests.e2e.http_world import (
    Api,
    Pair,
    ask,
    enrol,
    hire,
    key_settings,
    launch_program,
    volunteer,
)


def store_settings(request: pytest.FixtureRequest, tmp_path: Path, name: str) -> Settings:
    """Settings for the store named by the test's parameter."""
    if request.param == "kafka":
        bootstrap = request.getfixturevalue("kafka_bootstrap")
        return Settings(
            store=f"kafka://{bootstrap}", kafka_topic_prefix=name, environment="test"
        )
    return Settings(store=f"sqlite:///{tmp_path / 'events.db'}", environment="test")


@pytest.fixture(params=["sqlite", "kafka"])
def settings(request: pytest.FixtureRequest, tmp_path: Path, unique_name: str) -> Settings:
    """The settings of one store; every test using them runs on SQLite and on Kafka."""
    return store_settings(request, tmp_path, unique_name)


@pytest.fixture
def api(settings: Settings) -> Iterator[Api]:
    """The app on the store, closed after the test."""
    with TestClient(build_http_app(settings, key_settings()), raise_server_exceptions=False) as c:
        yield Api(c)


@pytest.fixture
def pending(api: Api) -> Pair:
    """E2 has asked the trained mentor E1; nobody has answered yet."""
    for hris_id in ("E1", "E2", "E3"):
        hire(api, hris_id, department="sales" if hris_id != "E3" else "ops")
    program_id = launch_program(api)
    volunteer(api, program_id, "E1")
    enrol(api, program_id, "E2")
    return Pair(program_id, ask(api, program_id, "E2", "E1"), mentorship_id="")


@pytest.fixture
def pair(api: Api, pending: Pair) -> Pair:
    """E1 accepted E2's request: the mentorship runs."""
    answer = api.ok("POST", f"/requests/{pending.request_id}/accept", Role.PORTAL,
                    employee="E1", body={"effective_date": "2024-02-06"})
    pending.mentorship_id = answer["mentorship_id"]
    return pending
