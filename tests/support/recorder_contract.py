"""The eventsourcing library's recorder contract, written once for every event store.

A store's test module defines a `contract_store` fixture (a fresh `ContractStore` for each test,
closed afterwards) and imports by name the cases below that it runs; pytest then collects them
in that module, where they find its fixture. Only this module names the library's abstract
cases: pytest would collect (and fail) any of them found in a test module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import pytest
from eventsourcing.persistence import (
    AggregateRecorder,
    ApplicationRecorder,
    InfrastructureFactory,
    ProcessRecorder,
    TrackingRecorder,
)
from eventsourcing.tests import persistence as library
from eventsourcing.utils import Environment

Factory = InfrastructureFactory[Any]


class Expected(NamedTuple):
    """The classes the store's factory gives (and a tracking recorder subclass it must honour)."""

    factory: type[Factory]
    aggregate_recorder: type[AggregateRecorder]
    application_recorder: type[ApplicationRecorder]
    tracking_recorder: type[TrackingRecorder]
    tracking_recorder_subclass: type[TrackingRecorder]
    process_recorder: type[ProcessRecorder]


@dataclass
class ContractStore:
    """One store under the contract: its environment, its expected classes, the factories made."""

    env: Environment
    expected: Expected
    factories: list[Factory] = field(default_factory=list)

    def factory(self) -> Factory:
        """A new factory on the store (closed by `close`)."""
        factory = self.expected.factory(self.env)
        self.factories.append(factory)
        return factory

    def close(self) -> None:
        for factory in self.factories:
            factory.close()


class OnContractStore:
    """Gives each test the store of its module's `contract_store` fixture."""

    store: ContractStore

    @pytest.fixture(autouse=True)
    def _contract_store(self, contract_store: ContractStore) -> None:
        self.store = contract_store


class TestAggregateRecorder(OnContractStore, library.AggregateRecorderTestCase):
    """The aggregate recorder of snapshots."""

    def create_recorder(self) -> AggregateRecorder:
        return self.store.factory().aggregate_recorder("snapshots")


class TestApplicationRecorder(
    OnContractStore, library.ApplicationRecorderTestCase[ApplicationRecorder]
):
    def create_recorder(self) -> ApplicationRecorder:
        recorder = self.store.factory().application_recorder()
        assert isinstance(recorder, self.store.expected.application_recorder)
        return recorder


class TestNonInterleavingNotificationIds(
    OnContractStore, library.NonInterleavingNotificationIDsBaseCase
):
    def create_recorder(self) -> ApplicationRecorder:
        return self.store.factory().application_recorder()


class TestTrackingRecorder(OnContractStore, library.TrackingRecorderTestCase):
    def create_recorder(self) -> TrackingRecorder:
        return self.store.factory().tracking_recorder()


class TestProcessRecorder(OnContractStore, library.ProcessRecorderTestCase):
    def create_recorder(self) -> ProcessRecorder:
        return self.store.factory().process_recorder()


def _expected(name: str) -> Callable[[OnContractStore], Any]:
    """A test case's method answering the store's expected class `name` (the library's case
    asks for each through a method of its own)."""

    def method(self: OnContractStore) -> Any:
        return getattr(self.store.expected, name)

    return method


class TestInfrastructureFactory(OnContractStore, library.InfrastructureFactoryTestCase[Factory]):
    def setUp(self) -> None:
        self.env = self.store.env
        super().setUp()
        self.store.factories.append(self.factory)

    expected_factory_class = _expected("factory")
    expected_aggregate_recorder_class = _expected("aggregate_recorder")
    expected_application_recorder_class = _expected("application_recorder")
    expected_tracking_recorder_class = _expected("tracking_recorder")
    tracking_recorder_subclass = _expected("tracking_recorder_subclass")
    expected_process_recorder_class = _expected("process_recorder")
