"""Fixtures for the Kafka store's integration tests: fresh topics per test, deleted afterwards."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from eventsourcing.utils import Environment

from gateways.stores.kafka import KafkaFactory
from tests.integration.kafka_store.support import delete_prefixed_topics, store_env

FactoryMaker = Callable[..., KafkaFactory]


@pytest.fixture
def kafka_env(kafka_bootstrap: str, unique_name: str) -> Iterator[dict[str, str]]:
    """The eventsourcing environment of a store whose topics are this test's own."""
    yield store_env(kafka_bootstrap, unique_name)
    delete_prefixed_topics(kafka_bootstrap, unique_name)


@pytest.fixture
def make_factory(kafka_env: dict[str, str]) -> Iterator[FactoryMaker]:
    """Build factories on this test's topics (application name "App" unless given); closed after."""
    factories: list[KafkaFactory] = []

    def make(name: str = "App", **extra: str) -> KafkaFactory:
        factory = KafkaFactory(Environment(name, {**kafka_env, **extra}))
        factories.append(factory)
        return factory

    yield make
    for factory in factories:
        factory.close()
