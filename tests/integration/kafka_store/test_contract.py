"""The eventsourcing library's own recorder contract, against the real broker."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from eventsourcing.persistence import (
    AggregateRecorder,
    ApplicationRecorder,
    ProcessRecorder,
    TrackingRecorder,
)
from eventsourcing.tests.persistence import (
    AggregateRecorderTestCase,
    ApplicationRecorderTestCase,
    InfrastructureFactoryTestCase,
    NonInterleavingNotificationIDsBaseCase,
    ProcessRecorderTestCase,
    TrackingRecorderTestCase,
)
from eventsourcing.utils import Environment

from gateways.stores.kafka import KafkaFactory
from gateways.stores.kafka.recorders import (
    KafkaAggregateRecorder,
    KafkaApplicationRecorder,
    KafkaProcessRecorder,
    KafkaTrackingRecorder,
)
from tests.integration.kafka_store.support import delete_prefixed_topics, store_env


class OnFreshTopics:
    """Gives each test its own topic prefix; closes factories and deletes topics afterwards."""

    env: Environment
    factories: list[KafkaFactory]

    @pytest.fixture(autouse=True)
    def _fresh_topics(self, kafka_bootstrap: str, unique_name: str) -> Iterator[None]:
        self.env = Environment("Contract", store_env(kafka_bootstrap, unique_name))
        self.factories = []
        yield
        for factory in self.factories:
            factory.close()
        delete_prefixed_topics(kafka_bootstrap, unique_name)

    def factory(self) -> KafkaFactory:
        factory = KafkaFactory(self.env)
        self.factories.append(factory)
        return factory


class TestAggregateRecorderOnEventsTopic(OnFreshTopics, AggregateRecorderTestCase):
    def create_recorder(self) -> AggregateRecorder:
        return self.factory().aggregate_recorder("events")


class TestAggregateRecorderOnSnapshotsTopic(OnFreshTopics, AggregateRecorderTestCase):
    def create_recorder(self) -> AggregateRecorder:
        return self.factory().aggregate_recorder("snapshots")


class TestApplicationRecorder(OnFreshTopics, ApplicationRecorderTestCase[KafkaApplicationRecorder]):
    def create_recorder(self) -> KafkaApplicationRecorder:
        recorder = self.factory().application_recorder()
        assert isinstance(recorder, KafkaApplicationRecorder)
        return recorder

    def test_insert_subscribe(self) -> None:
        self.optional_test_insert_subscribe()


class TestNonInterleavingNotificationIds(OnFreshTopics, NonInterleavingNotificationIDsBaseCase):
    def create_recorder(self) -> ApplicationRecorder:
        return self.factory().application_recorder()


class TestTrackingRecorder(OnFreshTopics, TrackingRecorderTestCase):
    def create_recorder(self) -> TrackingRecorder:
        return self.factory().tracking_recorder()


class TestProcessRecorder(OnFreshTopics, ProcessRecorderTestCase):
    def create_recorder(self) -> ProcessRecorder:
        return self.factory().process_recorder()


class SubclassedTrackingRecorder(KafkaTrackingRecorder):
    pass


class TestInfrastructureFactory(OnFreshTopics, InfrastructureFactoryTestCase[KafkaFactory]):
    def expected_factory_class(self) -> type[KafkaFactory]:
        return KafkaFactory

    def expected_aggregate_recorder_class(self) -> type[AggregateRecorder]:
        return KafkaAggregateRecorder

    def expected_application_recorder_class(self) -> type[ApplicationRecorder]:
        return KafkaApplicationRecorder

    def expected_tracking_recorder_class(self) -> type[TrackingRecorder]:
        return KafkaTrackingRecorder

    def tracking_recorder_subclass(self) -> type[TrackingRecorder]:
        return SubclassedTrackingRecorder

    def expected_process_recorder_class(self) -> type[ProcessRecorder]:
        return KafkaProcessRecorder

    def setUp(self) -> None:
        super().setUp()
        self.factories.append(self.factory)  # type: ignore[arg-type]


del AggregateRecorderTestCase
del ApplicationRecorderTestCase
del InfrastructureFactoryTestCase
del NonInterleavingNotificationIDsBaseCase
del ProcessRecorderTestCase
del TrackingRecorderTestCase
