"""`broker.sh start --brokers 3`: a replicated cluster survives the loss of a partition leader."""

from __future__ import annotations

import time
import uuid

import pytest
from kafka import KafkaAdminClient, KafkaProducer
from kafka.admin import NewTopic

pytestmark = [pytest.mark.cluster, pytest.mark.timeout(90)]


def _partition0(bootstrap: str, topic: str) -> dict:
    admin = KafkaAdminClient(
        bootstrap_servers=bootstrap.split(","), bootstrap_timeout_ms=5000, request_timeout_ms=5000
    )
    try:
        (described,) = admin.describe_topics([topic])
    finally:
        admin.close()
    return next(p for p in described["partitions"] if p["partition_index"] == 0)


def _wait_for(condition, within: float, what: str):
    deadline = time.monotonic() + within
    last: object = None
    while time.monotonic() < deadline:
        try:
            last = condition()
            if last:
                return last
        except Exception as error:  # noqa: BLE001 - a request may hit the dead node: ask again
            last = error
        time.sleep(0.5)
    raise AssertionError(f"{what} within {within}s; last: {last!r}")


def test_partition_gets_a_new_leader_and_acks_all_writes_continue(make_broker) -> None:
    cluster = make_broker("--brokers", "3", nodes=3)
    cluster.sh("start", timeout=80)
    assert [line for line in cluster.sh("status").stdout.splitlines() if "alive" in line] == [
        f"broker: node {n} alive (pid {cluster.pid(n)}) on 127.0.0.1:{cluster.port + (n - 1) * 10}"
        for n in (1, 2, 3)
    ]

    topic = f"mentoring.t{uuid.uuid4().hex[:8]}.events"
    admin = KafkaAdminClient(bootstrap_servers=cluster.bootstrap.split(","))
    try:
        admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=3)])
    finally:
        admin.close()
    before = _wait_for(
        lambda: (p := _partition0(cluster.bootstrap, topic)) and len(p["isr_nodes"]) == 3 and p,
        within=15,
        what="three in-sync replicas",
    )

    killed = cluster.sh("kill-leader").stdout  # the first *.events topic: the only one here
    assert f"killed node {before['leader_id']} " in killed and f"leader of {topic}-0" in killed

    after = _wait_for(
        lambda: (
            (p := _partition0(cluster.bootstrap, topic))["leader_id"]
            not in (-1, before["leader_id"])
            and p
        ),
        within=30,
        what="a new leader",
    )
    assert before["leader_id"] not in after["isr_nodes"]
    assert len(after["isr_nodes"]) == 2  # min.insync.replicas=2: acks=all still succeeds

    producer = KafkaProducer(
        bootstrap_servers=cluster.bootstrap.split(","), acks="all", bootstrap_timeout_ms=10000
    )
    try:
        metadata = producer.send(topic, b"after the failover", partition=0).get(timeout=30)
    finally:
        producer.close(timeout=5)
    assert metadata.offset >= 0

    status = cluster.sh("status", check=False)
    assert status.returncode == 1  # degraded: one node dead
    assert f"node {before['leader_id']} dead" in status.stdout
    assert f"{topic}-0: leader {after['leader_id']}" in status.stdout

    cluster.sh("restart-broker", str(before["leader_id"]), timeout=60)
    _wait_for(
        lambda: len(_partition0(cluster.bootstrap, topic)["isr_nodes"]) == 3,
        within=20,
        what="the restarted node back in sync",
    )
    cluster.sh("stop", timeout=60)
    assert cluster.sh("status", check=False).returncode == 3
