"""The store on Kafka 3.9 (no transaction version 2): the classic transaction protocol.

A broker of its own (``broker.sh start --version 3.9.1``) on free ports; ``kafka_bootstrap``
is overridden in this module, so the eventsourcing recorder contract (test_contract.py), the
fencing race (test_fenced_writers.py) and the transaction with consumer offsets
(test_tracking.py) run here unchanged against it, besides a check of the chosen protocol and
continuous writers keeping ids dense.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest
from eventsourcing.utils import Environment

from gateways.stores.kafka import KafkaFactory
from tests.integration.kafka_store.own_broker import own_broker
from tests.integration.kafka_store.support import store_env
from tests.integration.kafka_store.test_contract import (  # noqa: F401 - collected here too
    TestAggregateRecorderOnEventsTopic,
    TestAggregateRecorderOnSnapshotsTopic,
    TestApplicationRecorder,
    TestInfrastructureFactory,
    TestNonInterleavingNotificationIds,
    TestProcessRecorder,
    TestTrackingRecorder,
)
from tests.integration.kafka_store.test_fenced_writers import (  # noqa: F401
    race_env,
    test_the_newer_writer_always_keeps_the_log,
)
from tests.integration.kafka_store.test_tracking import (  # noqa: F401
    test_events_tracking_and_consumer_offsets_commit_in_one_transaction,
)
from tests.integration.kafka_store.writing_under_faults import Writers, batch, check_log

pytestmark = [pytest.mark.cluster, pytest.mark.timeout(300)]

KAFKA_VERSION = "3.9.1"


@pytest.fixture(scope="module")
def kafka_bootstrap(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Kafka 3.9 broker of this module's own, in place of the shared 4.x broker."""
    with own_broker(tmp_path_factory, "kafka-3.9", "--version", KAFKA_VERSION) as broker:
        yield broker.bootstrap


def test_a_broker_without_transaction_version_2_gets_the_classic_protocol(
    kafka_bootstrap: str, unique_name: str
) -> None:
    factory = KafkaFactory(Environment("App", store_env(kafka_bootstrap, unique_name)))
    try:
        recorder = factory.application_recorder()
        recorder.insert_events(batch(uuid.uuid4()))
        writer = factory.store._writer
        assert writer.protocol.classic
        assert writer.protocol.version < 2
    finally:
        factory.close()


def test_continuous_writers_keep_notification_ids_dense(
    kafka_bootstrap: str, unique_name: str
) -> None:
    env = store_env(kafka_bootstrap, unique_name)
    with Writers(KafkaFactory(Environment("App", env))) as writers:
        writers.wait_for(200, within=60)
        time.sleep(0.5)

    assert writers.failed == {}
    check_log(env, writers.committed)
