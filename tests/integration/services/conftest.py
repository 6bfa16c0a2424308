"""The service tests of tests/services, run again on the real Kafka store (fresh topics each):
on the plaintext development broker, and on the secure one (SASL_SSL, SCRAM, ACLs) as the
`writer` principal (`deploy/kafka/broker.sh start --secure`, which tests/run starts)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.integration.kafka_store.secure_broker import (
    delete_secure_topics,
    secure_prefix,
    secure_store_env,
)
from tests.services.fixtures import service, world

__all__ = ["service", "world"]


@pytest.fixture(params=["plaintext", "sasl_ssl"])
def service_env(request: pytest.FixtureRequest, unique_name: str) -> Iterator[dict[str, str]]:
    """The Kafka store's environment, with a topic prefix no other test uses."""
    if request.param == "plaintext":
        yield {
            "PERSISTENCE_MODULE": "gateways.stores.kafka",
            "KAFKA_BOOTSTRAP_SERVERS": request.getfixturevalue("kafka_bootstrap"),
            "KAFKA_TOPIC_PREFIX": unique_name,
        }
        return
    prefix = secure_prefix(unique_name)  # the broker's ACLs cover "mentoring*" only
    yield secure_store_env("writer", prefix)
    delete_secure_topics(prefix)
