"""The HTTP mentoring journey on the Kafka store over SASL_SSL (SCRAM, TLS, ACLs), as `writer`.

The tests are the ones in test_http_mentoring_journey.py; only the store's settings differ: the
secure development broker's (`deploy/kafka/broker.sh start --secure`, which tests/run starts),
from its client env file `client-writer.env` (see tests/integration/kafka_store/secure_broker.py).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from eventsourcing.utils import Environment

from gateways.settings import Settings
from gateways.stores.kafka import KafkaFactory
from services.mentoring import MentoringService
from tests.e2e.http_world import Api, hire
from tests.e2e.test_http_mentoring_journey import *  # noqa: F403
from tests.integration.kafka_store.secure_broker import (
    SECURITY_KEYS,
    client_file,
    delete_secure_topics,
    secure_prefix,
    secure_store_env,
)


def secure_settings(principal: str, prefix: str) -> Settings:
    """The service's settings as the principal's env file gives them, on topics `{prefix}.*`."""
    values = client_file(principal)
    security = {
        key.removeprefix("MENTORING_").lower(): value
        for key, value in values.items()
        if key.startswith(SECURITY_KEYS)
    }
    return Settings.model_validate(
        {
            "store": values["MENTORING_STORE"],
            "kafka_topic_prefix": prefix,
            "environment": "test",
            **security,
        }
    )


@pytest.fixture
def settings(unique_name: str) -> Iterator[Settings]:
    """Overrides the conftest's store parameter: the secure broker, as the writer principal."""
    prefix = secure_prefix(unique_name)
    yield secure_settings("writer", prefix)
    delete_secure_topics(prefix)


def test_the_journey_writes_its_events_to_the_secure_broker(api: Api, settings: Settings) -> None:
    hire(api, "E1")
    reader = secure_store_env("reader", settings.kafka_topic_prefix)
    factory = KafkaFactory(Environment(MentoringService.name, reader))
    try:
        assert (factory.application_recorder().max_notification_id() or 0) >= 1
    finally:
        factory.close()
