"""Test tiers and the shared fixtures every tier may use."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from gateways.erasure.mapper import release_idle_key_stores

TIERS = ("unit", "services", "integration", "e2e")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test with its tier, from the folder it lives in."""
    for item in items:
        parts = Path(str(item.fspath)).parts
        for tier in TIERS:
            if tier in parts:
                item.add_marker(getattr(pytest.mark, tier))


@pytest.fixture(scope="session")
def kafka_bootstrap() -> str:
    """The real broker's bootstrap servers (MENTORING_KAFKA_BOOTSTRAP).

    Fails loudly, never skips: a test that needs Kafka and cannot have it is a failure.
    """
    bootstrap = os.environ.get("MENTORING_KAFKA_BOOTSTRAP")
    if not bootstrap:
        pytest.fail(
            "MENTORING_KAFKA_BOOTSTRAP is not set: start the broker with "
            "`deploy/kafka/broker.sh start` and export MENTORING_KAFKA_BOOTSTRAP=127.0.0.1:9092"
        )
    return bootstrap


@pytest.fixture
def unique_name() -> str:
    """A short unique name for topics, applications and files of one test."""
    return "t" + uuid.uuid4().hex[:12]


@pytest.fixture(autouse=True)
def _release_key_stores() -> Iterator[None]:
    """Each test's logs bind key stores of their own (a Kafka one holds a consumer and a
    producer with their network threads): release them after the test."""
    yield
    release_idle_key_stores()
