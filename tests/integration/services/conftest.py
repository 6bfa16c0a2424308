"""The service tests of tests/services, run again on the real Kafka store (fresh topics each)."""

from __future__ import annotations

import pytest

from tests.services.fixtures import service

__all__ = ["service"]


@pytest.fixture
def service_env(kafka_bootstrap: str, unique_name: str) -> dict[str, str]:
    """The Kafka store's environment, with a topic prefix no other test uses."""
    return {
        "PERSISTENCE_MODULE": "gateways.stores.kafka",
        "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
        "KAFKA_TOPIC_PREFIX": unique_name,
    }
