"""KafkaFactory: what eventsourcing finds when PERSISTENCE_MODULE=gateways.stores.kafka."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from eventsourcing.persistence import (
    AggregateRecorder,
    ApplicationRecorder,
    InfrastructureFactory,
    ProcessRecorder,
)
from eventsourcing.utils import Environment, EnvType, resolve_topic

from gateways.stores.kafka.config import KafkaStoreConfig
from gateways.stores.kafka.recorders import (
    KafkaAggregateRecorder,
    KafkaApplicationRecorder,
    KafkaProcessRecorder,
    KafkaTrackingRecorder,
)
from gateways.stores.kafka.store import KafkaStore

R = TypeVar("R")
K = TypeVar("K")


class KafkaFactory(InfrastructureFactory[KafkaTrackingRecorder]):
    """Recorders over one application's Kafka topics; connects (bounded) when constructed."""

    aggregate_recorder_class = KafkaAggregateRecorder
    application_recorder_class = KafkaApplicationRecorder
    tracking_recorder_class = KafkaTrackingRecorder
    process_recorder_class = KafkaProcessRecorder

    def __init__(self, env: Environment | EnvType | None) -> None:
        super().__init__(env)
        self.store = KafkaStore(KafkaStoreConfig.from_env(self.env))

    def aggregate_recorder(self, purpose: str = "events") -> AggregateRecorder:
        return self._opening(lambda: self.aggregate_recorder_class(self.store, purpose))

    def _opening(self, open_recorder: Callable[[], R]) -> R:
        """Open a recorder; if that fails (a foreign record, a broken chain, no broker), close
        the store at once, on this thread: never later from a finaliser while kafka-python's
        own threads still run (which failed with "Concurrent access to net.poll!")."""
        try:
            return open_recorder()
        except BaseException:
            self.store.close()
            raise

    def _recorder_class(self, setting: str, default: type[K], kind: type[K]) -> type[K]:
        """The recorder class the environment names (a topic) under ``setting``, else
        ``default``; either must be a ``kind``."""
        topic = self.env.get(setting)
        cls = resolve_topic(topic) if topic else default
        assert issubclass(cls, kind)
        return cls

    def application_recorder(self) -> ApplicationRecorder:
        cls = self._recorder_class(
            self.APPLICATION_RECORDER_TOPIC, self.application_recorder_class,
            KafkaApplicationRecorder,
        )
        return self._opening(lambda: cls(self.store))

    def tracking_recorder(
        self, tracking_recorder_class: type[KafkaTrackingRecorder] | None = None
    ) -> KafkaTrackingRecorder:
        cls = tracking_recorder_class
        if cls is None:
            topic = self.env.get(self.TRACKING_RECORDER_TOPIC)
            cls = resolve_topic(topic) if topic else self.tracking_recorder_class
        assert cls is not None and issubclass(cls, KafkaTrackingRecorder)
        chosen = cls
        return self._opening(lambda: chosen(self.store))

    def process_recorder(self) -> ProcessRecorder:
        cls = self._recorder_class(
            self.PROCESS_RECORDER_TOPIC, self.process_recorder_class, KafkaProcessRecorder
        )
        return self._opening(lambda: cls(self.store))

    def close(self) -> None:
        self.store.close()


Factory = KafkaFactory
