"""Failover on a three-broker cluster reaches no caller: writes are retried in place.

A cluster of its own (``broker.sh start --brokers 3``: replication factor 3,
min.insync.replicas 2) on free ports; four threads write continuously while the events
partition's leader, then the transaction coordinator, is killed with SIGKILL and restarted,
then every node is restarted in turn. Every write succeeds, and the log holds each committed
aggregate once, with dense ids.
"""

from __future__ import annotations

import os
import signal
import uuid
from collections.abc import Iterator

import pytest
from eventsourcing.utils import Environment

from gateways.stores.kafka import KafkaFactory
from gateways.stores.kafka.config import KafkaStoreConfig
from gateways.stores.kafka.errors import WriterFencedError
from gateways.stores.kafka.protocol.cluster import TRANSACTION_COORDINATOR, Cluster
from gateways.stores.kafka.writer import TransactionalWriter
from tests.integration.broker.conftest import Broker
from tests.integration.kafka_store.own_broker import own_broker
from tests.integration.kafka_store.support import store_env
from tests.integration.kafka_store.writing_under_faults import Writers, batch, check_log
from tests.unit.kafka_store.one_record import commit

pytestmark = [pytest.mark.cluster, pytest.mark.timeout(400)]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Broker]:
    with own_broker(tmp_path_factory, "kafka-cluster", "--brokers", "3", nodes=3) as broker:
        yield broker


def cluster_env(cluster: Broker, prefix: str) -> dict[str, str]:
    return {
        **store_env(cluster.bootstrap, prefix),
        "KAFKA_REPLICATION_FACTOR": "3",
        "KAFKA_MIN_INSYNC_REPLICAS": "2",
        "KAFKA_WRITE_TIMEOUT": "30",  # a dead node is fenced within about 6 s
    }


def node_of(cluster: Broker, address: str) -> int:
    return (int(address.rpartition(":")[2]) - cluster.port) // cluster.step + 1


def coordinator_node(cluster: Broker, env: dict[str, str]) -> int:
    """The node coordinating the writer's first transactional id."""
    config = KafkaStoreConfig.from_env(Environment("App", env))
    finder = Cluster(config)
    try:
        finder.bootstrap()
        address = finder.coordinator(f"{config.transactional_id}.0", TRANSACTION_COORDINATOR)
    finally:
        finder.close()
    return node_of(cluster, address)


def kill_and_restart(cluster: Broker, writers: Writers, kill: str | int) -> None:
    """Kill a node (a topic name: that topic's leader) mid-writing, write on, restart it,
    write on."""
    writers.wait_for(30, within=60)
    if isinstance(kill, str):
        killed = cluster.sh("kill-leader", kill).stdout
        node = int(killed.split("killed node ")[1].split()[0])
    else:
        node = int(kill)
        os.kill(cluster.pid(node), signal.SIGKILL)
    writers.wait_for(60, within=90)
    cluster.sh("restart-broker", str(node), timeout=180)
    writers.wait_for(30, within=60)


@pytest.mark.parametrize("kill", ["leader", "coordinator"])
def test_killing_a_node_fails_no_write_and_keeps_the_log_dense(
    cluster: Broker, unique_name: str, kill: str
) -> None:
    env = cluster_env(cluster, unique_name)
    with Writers(KafkaFactory(Environment("App", env))) as writers:
        writers.wait_for(10, within=60)
        target = f"{unique_name}.App.events" if kill == "leader" else coordinator_node(cluster, env)
        kill_and_restart(cluster, writers, target)

    assert writers.failed == {}
    check_log(env, writers.committed)


def test_a_rolling_restart_of_every_node_fails_no_write(cluster: Broker, unique_name: str) -> None:
    env = cluster_env(cluster, unique_name)
    with Writers(KafkaFactory(Environment("App", env))) as writers:
        writers.wait_for(30, within=60)
        for node in range(1, cluster.nodes + 1):
            cluster.sh("restart-broker", str(node), timeout=180)  # stop (leaders move), start
            writers.wait_for(30, within=90)

    assert writers.failed == {}
    check_log(env, writers.committed)


def writer_whose_commit_answer_was_lost(
    cluster: Broker, env: dict[str, str]
) -> TransactionalWriter:
    """A writer whose last commit went through but whose answer (the epoch it bumped) it never
    heard, after the transaction coordinator moved (its node restarted) meanwhile."""
    factory = KafkaFactory(Environment("App", env))
    try:
        factory.application_recorder().insert_events(batch(uuid.uuid4()))  # makes the topics
    finally:
        factory.close()
    writer = TransactionalWriter(KafkaStoreConfig.from_env(Environment("App", env)))
    writer.acquire()
    assert isinstance(commit(writer, f"{env['KAFKA_TOPIC_PREFIX']}.App.events"), list)
    writer.release()
    (slot,) = writer._slots
    slot.producer_epoch -= 1  # the epoch it held before the commit's answer
    cluster.sh("restart-broker", str(coordinator_node(cluster, env)), timeout=180)
    return writer


def test_a_commit_completed_by_a_moved_coordinator_leaves_the_writer_writing(
    cluster: Broker, unique_name: str
) -> None:
    env = {**cluster_env(cluster, unique_name), "KAFKA_WRITER_PRODUCERS": "1"}
    writer = writer_whose_commit_answer_was_lost(cluster, env)

    writer.acquire()

    assert isinstance(commit(writer, f"{unique_name}.App.events"), list)
    assert writer.fenced_by is None
    writer.release()


def test_a_newer_writer_after_a_moved_coordinator_keeps_the_ids(
    cluster: Broker, unique_name: str
) -> None:
    env = {**cluster_env(cluster, unique_name), "KAFKA_WRITER_PRODUCERS": "1"}
    older = writer_whose_commit_answer_was_lost(cluster, env)
    newer = TransactionalWriter(KafkaStoreConfig.from_env(Environment("App", env)))
    newer.acquire()

    with pytest.raises(WriterFencedError):
        older.acquire()

    assert isinstance(commit(newer, f"{unique_name}.App.events"), list)
    newer.release()
