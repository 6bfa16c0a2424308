"""The eventsourcing library's own recorder contract, against the real broker."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

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
    KafkaStreamingRecorder,
    KafkaTrackingRecorder,
)
from tests.integration.kafka_store.support import (
    bounded_caches,
    delete_prefixed_topics,
    store_env,
)


class OnFreshTopics:
    """Gives each test its own topic prefix; closes factories and deletes topics afterwards."""

    env: Environment
    factories: list[KafkaFactory]
    bounded = False

    @pytest.fixture(autouse=True)
    def _fresh_topics(
        self, kafka_bootstrap: str, unique_name: str, tmp_path_factory: pytest.TempPathFactory
    ) -> Iterator[None]:
        settings = store_env(kafka_bootstrap, unique_name)
        if self.bounded:
            settings |= bounded_caches(tmp_path_factory.mktemp("state"))
        self.env = Environment("Contract", settings)
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


T = TypeVar("T")


class SubclassedTrackingRecorder(KafkaTrackingRecorder):
    pass


def _answering(answer: T) -> Callable[[object], T]:
    """A test case's method that answers ``answer`` (the classes the library's case expects)."""

    def method(self: object) -> T:
        return answer

    return method


class TestInfrastructureFactory(OnFreshTopics, InfrastructureFactoryTestCase[KafkaFactory]):
    expected_factory_class = _answering(KafkaFactory)
    expected_aggregate_recorder_class = _answering(KafkaAggregateRecorder)
    expected_application_recorder_class = _answering(KafkaApplicationRecorder)
    expected_tracking_recorder_class = _answering(KafkaTrackingRecorder)
    tracking_recorder_subclass = _answering(SubclassedTrackingRecorder)
    expected_process_recorder_class = _answering(KafkaProcessRecorder)

    def setUp(self) -> None:
        super().setUp()
        self.factories.append(self.factory)  # type: ignore[arg-type]


class TestStreamingRecorder(
    OnFreshTopics, ApplicationRecorderTestCase[KafkaApplicationRecorder]
):
    """The index-free reader: reads in order before its first write, indexed ones after."""

    def create_recorder(self) -> KafkaApplicationRecorder:
        return KafkaStreamingRecorder(self.factory().store)

    def test_insert_subscribe(self) -> None:
        self.optional_test_insert_subscribe()


class TestStreamingRecorderNonInterleaving(
    OnFreshTopics, NonInterleavingNotificationIDsBaseCase
):
    def create_recorder(self) -> ApplicationRecorder:
        return KafkaStreamingRecorder(self.factory().store)


class Bounded:
    """The same contract with the index and event caches bounded to a few hundred entries and
    the index in a state directory (checkpointed SQLite files)."""

    bounded = True


class TestAggregateRecorderOnEventsTopicBounded(Bounded, TestAggregateRecorderOnEventsTopic):
    pass


class TestAggregateRecorderOnSnapshotsTopicBounded(Bounded, TestAggregateRecorderOnSnapshotsTopic):
    pass


class TestApplicationRecorderBounded(Bounded, TestApplicationRecorder):
    pass


class TestNonInterleavingNotificationIdsBounded(Bounded, TestNonInterleavingNotificationIds):
    pass


class TestTrackingRecorderBounded(Bounded, TestTrackingRecorder):
    pass


class TestProcessRecorderBounded(Bounded, TestProcessRecorder):
    pass


class TestInfrastructureFactoryBounded(Bounded, TestInfrastructureFactory):  # type: ignore[misc]
    pass


del AggregateRecorderTestCase
del ApplicationRecorderTestCase
del InfrastructureFactoryTestCase
del NonInterleavingNotificationIDsBaseCase
del ProcessRecorderTestCase
del TrackingRecorderTestCase

