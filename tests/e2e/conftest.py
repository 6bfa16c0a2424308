"""The command API over HTTP, on the real stores: a SQLite file, and the real Kafka broker."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from gateways.bootstrap import build_http_app
from gateways.settings import Settings
from tests.e2e.http_world import Api, Pair, accepted, asked, key_settings


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
    return asked(api)


@pytest.fixture
def pair(api: Api, pending: Pair) -> Pair:
    """E1 accepted E2's request: the mentorship runs."""
    return accepted(api, pending)
