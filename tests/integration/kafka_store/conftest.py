"""Fixtures for the Kafka store's integration tests: fresh topics per test, deleted afterwards."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from eventsourcing.utils import Environment
from kafka import KafkaProducer

from gateways.stores.kafka import KafkaFactory
from tests.integration.kafka_store.support import (
    application,
    delete_prefixed_topics,
    store_env,
    write,
)

FactoryMaker = Callable[..., KafkaFactory]
EVENTS = 12  # events of the ``checkpointed`` log


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


@pytest.fixture
def with_state(make_factory: FactoryMaker, tmp_path: Path) -> FactoryMaker:
    """Factories whose index files live in this test's state directory (``tmp_path``)."""

    def make(**extra: str) -> KafkaFactory:
        return make_factory(KAFKA_STATE_DIR=str(tmp_path), **extra)

    return make


@pytest.fixture
def checkpointed(with_state: FactoryMaker) -> list[uuid.UUID]:
    """A log of EVENTS aggregates of one event each, and its checkpoint in the state directory."""
    factory = with_state()
    ids = write(application(factory), EVENTS)
    factory.close()
    return ids


@pytest.fixture
def intruder(kafka_bootstrap: str, unique_name: str) -> Iterator[KafkaProducer]:
    """A second transactional producer on the same topic, writing records in our format."""
    producer = KafkaProducer(
        bootstrap_servers=kafka_bootstrap, transactional_id=f"{unique_name}.intruder"
    )
    producer.init_transactions()
    yield producer
    producer.close()
