"""The eventsourcing library's recorder contract, against the hash-chained SQLite store."""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from eventsourcing.persistence import (
    AggregateRecorder,
    ApplicationRecorder,
    ProcessRecorder,
    TrackingRecorder,
)
from eventsourcing.sqlite import (
    SQLiteAggregateRecorder,
    SQLiteProcessRecorder,
    SQLiteTrackingRecorder,
)
from eventsourcing.tests.persistence import (
    AggregateRecorderTestCase,
    ApplicationRecorderTestCase,
    InfrastructureFactoryTestCase,
    NonInterleavingNotificationIDsBaseCase,
    ProcessRecorderTestCase,
    TrackingRecorderTestCase,
)
from eventsourcing.utils import Environment, get_topic
from gateways.stores.sqlite.recorders import (
    ChainedSQLiteApplicationRecorder,
    ChainedSQLiteProcessRecorder,
)

from gateways.stores.sqlite import ChainedSQLiteFactory


class OnFreshFile:
    """Gives each test its own SQLite file; closes the factories afterwards."""

    env: Environment
    factories: list[ChainedSQLiteFactory]

    @pytest.fixture(autouse=True)
    def _fresh_file(self, tmp_path: Path) -> Iterator[None]:
        self.env = Environment(
            "Contract",
            {
                "PERSISTENCE_MODULE": "gateways.stores.sqlite",
                "SQLITE_DBNAME": str(tmp_path / "events.db"),
                "SQLITE_LOCK_TIMEOUT": "10",
            },
        )
        self.factories = []
        before = set(threading.enumerate())
        yield
        # The library's concurrent tests stop their reader threads without joining them; closing
        # the SQLite connections under a reader still inside sqlite3 crashes the interpreter.
        for thread in set(threading.enumerate()) - before:
            thread.join(timeout=30)
        for factory in self.factories:
            factory.close()

    def factory(self) -> ChainedSQLiteFactory:
        factory = ChainedSQLiteFactory(self.env)
        self.factories.append(factory)
        return factory


class TestAggregateRecorder(OnFreshFile, AggregateRecorderTestCase):
    def create_recorder(self) -> AggregateRecorder:
        return self.factory().aggregate_recorder("snapshots")


class TestApplicationRecorder(
    OnFreshFile, ApplicationRecorderTestCase[ChainedSQLiteApplicationRecorder]
):
    def create_recorder(self) -> ChainedSQLiteApplicationRecorder:
        recorder = self.factory().application_recorder()
        assert isinstance(recorder, ChainedSQLiteApplicationRecorder)
        return recorder


class TestNonInterleavingNotificationIds(OnFreshFile, NonInterleavingNotificationIDsBaseCase):
    def create_recorder(self) -> ApplicationRecorder:
        return self.factory().application_recorder()


class TestTrackingRecorder(OnFreshFile, TrackingRecorderTestCase):
    def create_recorder(self) -> TrackingRecorder:
        return self.factory().tracking_recorder()


class TestProcessRecorder(OnFreshFile, ProcessRecorderTestCase):
    def create_recorder(self) -> ProcessRecorder:
        return self.factory().process_recorder()


class OtherTrackingRecorder(SQLiteTrackingRecorder):
    """A tracking recorder subclass, for the factory's class-selection paths."""


class TestInfrastructureFactory(InfrastructureFactoryTestCase[ChainedSQLiteFactory]):
    def setUp(self) -> None:
        self.directory = tempfile.TemporaryDirectory()
        self.env = Environment(
            "Contract",
            {
                "PERSISTENCE_MODULE": "gateways.stores.sqlite",
                "SQLITE_DBNAME": str(Path(self.directory.name) / "events.db"),
            },
        )
        super().setUp()

    def tearDown(self) -> None:
        super().tearDown()
        self.directory.cleanup()

    def expected_factory_class(self) -> type[ChainedSQLiteFactory]:
        return ChainedSQLiteFactory

    def expected_aggregate_recorder_class(self) -> type[AggregateRecorder]:
        return SQLiteAggregateRecorder

    def expected_application_recorder_class(self) -> type[ApplicationRecorder]:
        return ChainedSQLiteApplicationRecorder

    def expected_tracking_recorder_class(self) -> type[TrackingRecorder]:
        return SQLiteTrackingRecorder

    def tracking_recorder_subclass(self) -> type[TrackingRecorder]:
        return OtherTrackingRecorder

    def expected_process_recorder_class(self) -> type[ProcessRecorder]:
        return ChainedSQLiteProcessRecorder


del AggregateRecorderTestCase
del ApplicationRecorderTestCase
del InfrastructureFactoryTestCase
del NonInterleavingNotificationIDsBaseCase
del ProcessRecorderTestCase
del TrackingRecorderTestCase


class UnchainedProcessRecorder(SQLiteProcessRecorder):
    """A process recorder written for the plain library store (as other gateways do)."""


def test_a_recorder_chosen_by_topic_is_given_the_chain(tmp_path: Path) -> None:
    env = Environment("Contract", {
        "SQLITE_DBNAME": str(tmp_path / "events.db"),
        "APPLICATION_RECORDER_TOPIC": get_topic(UnchainedProcessRecorder),
    })
    factory = ChainedSQLiteFactory(env)
    recorder = factory.application_recorder()
    factory.close()
    assert isinstance(recorder, UnchainedProcessRecorder)
    assert isinstance(recorder, ChainedSQLiteApplicationRecorder)
