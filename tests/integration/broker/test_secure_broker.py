"""`broker.sh start --secure`: SASL_SSL with SCRAM users, the standard authorizer and ACLs."""

from __future__ import annotations

import stat
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from kafka import KafkaAdminClient, KafkaProducer
from kafka.admin import NewTopic
from kafka.errors import KafkaError, TopicAuthorizationFailedError

from tests.integration.broker.conftest import Broker, free_base_port
from tests.support.kafka_topics import committed_records

pytestmark = [pytest.mark.cluster, pytest.mark.timeout(90)]

ENV_NAMES = [
    "MENTORING_STORE",
    "MENTORING_KAFKA_SECURITY_PROTOCOL",
    "MENTORING_KAFKA_SSL_CAFILE",
    "MENTORING_KAFKA_SASL_MECHANISM",
    "MENTORING_KAFKA_SASL_USERNAME",
    "MENTORING_KAFKA_SASL_PASSWORD",
]


@pytest.fixture(scope="module")
def secure(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Broker]:
    broker = Broker(
        run=tmp_path_factory.mktemp("kafka-secure"), port=free_base_port(), options=["--secure"]
    )
    try:
        broker.sh("start", timeout=85)
        yield broker
    finally:
        broker.teardown()


def _env(broker: Broker, principal: str) -> dict[str, str]:
    lines = broker.env_file(principal).read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def _client(broker: Broker, principal: str, **overrides: object) -> dict[str, object]:
    env = _env(broker, principal)
    settings: dict[str, object] = {
        "bootstrap_servers": env["MENTORING_STORE"].removeprefix("kafka://").split(","),
        "security_protocol": env["MENTORING_KAFKA_SECURITY_PROTOCOL"],
        "ssl_cafile": env["MENTORING_KAFKA_SSL_CAFILE"],
        "sasl_mechanism": env["MENTORING_KAFKA_SASL_MECHANISM"],
        "sasl_plain_username": env["MENTORING_KAFKA_SASL_USERNAME"],
        "sasl_plain_password": env["MENTORING_KAFKA_SASL_PASSWORD"],
        "bootstrap_timeout_ms": 10000,
    }
    settings.update(overrides)
    return settings


def _topic(broker: Broker, name: str, principal: str = "writer") -> str:
    admin = KafkaAdminClient(**_client(broker, principal))
    try:
        admin.create_topics([NewTopic(name, num_partitions=1, replication_factor=1)])
    finally:
        admin.close()
    return name


def test_client_env_files_name_each_principal(secure: Broker) -> None:
    for principal in ("writer", "reader", "hris", "admin"):
        path = secure.env_file(principal)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        env = _env(secure, principal)
        assert list(env) == ENV_NAMES
        assert env["MENTORING_STORE"] == f"kafka://127.0.0.1:{secure.port}"
        assert env["MENTORING_KAFKA_SECURITY_PROTOCOL"] == "SASL_SSL"
        assert env["MENTORING_KAFKA_SASL_MECHANISM"] == "SCRAM-SHA-512"
        assert env["MENTORING_KAFKA_SASL_USERNAME"] == principal
        assert len(env["MENTORING_KAFKA_SASL_PASSWORD"]) >= 20
        assert env["MENTORING_KAFKA_SSL_CAFILE"].endswith("ca.pem")
    passwords = {_env(secure, p)["MENTORING_KAFKA_SASL_PASSWORD"] for p in ("writer", "reader")}
    assert len(passwords) == 2


def test_writer_produces_transactionally_and_reads_over_sasl_ssl(secure: Broker) -> None:
    topic = _topic(secure, f"mentoring.t{uuid.uuid4().hex[:8]}.events")
    producer = KafkaProducer(**_client(secure, "writer", transactional_id=f"mentoring-{topic}"))
    producer.init_transactions()
    producer.begin_transaction()
    producer.send(topic, b"over TLS")
    producer.commit_transaction()
    producer.close()

    for principal in ("writer", "reader"):
        read = committed_records(topic, limit=1, timeout_ms=5000, **_client(secure, principal))
        assert [record.value for record in read] == [b"over TLS"], principal


def test_scram_sha_256_works_too(secure: Broker) -> None:
    admin = KafkaAdminClient(**_client(secure, "writer", sasl_mechanism="SCRAM-SHA-256"))
    try:
        assert admin.describe_cluster()["brokers"]
    finally:
        admin.close()


def test_reader_may_not_produce(secure: Broker) -> None:
    topic = _topic(secure, f"mentoring.t{uuid.uuid4().hex[:8]}.events")
    # without idempotence: an idempotent producer is refused earlier, at InitProducerId
    # (ClusterAuthorizationFailedError), since the reader has no Write on any topic
    producer = KafkaProducer(**_client(secure, "reader", enable_idempotence=False, retries=0))
    try:
        with pytest.raises(TopicAuthorizationFailedError):
            producer.send(topic, b"not allowed").get(timeout=15)
    finally:
        producer.close(timeout=5)


def test_the_secure_broker_creates_the_hris_topics_the_hris_principal_cannot_create(
    secure: Broker,
) -> None:
    admin = KafkaAdminClient(**_client(secure, "admin"))
    try:
        topics = set(admin.list_topics())
    finally:
        admin.close()
    assert {"hris.employee-events", "hris.employee-events.dlq"} <= topics


def test_hris_writes_only_its_topics(secure: Broker) -> None:
    hris_topic = "hris.employee-events"  # made by broker.sh: hris may not create topics
    store_topic = _topic(secure, f"mentoring.t{uuid.uuid4().hex[:8]}.events")
    producer = KafkaProducer(**_client(secure, "hris", enable_idempotence=False, retries=0))
    try:
        producer.send(hris_topic, b"hired").get(timeout=15)
        with pytest.raises(TopicAuthorizationFailedError):
            producer.send(store_topic, b"not allowed").get(timeout=15)
    finally:
        producer.close(timeout=5)


def _refusals_since(broker: Broker, since: float) -> list[float]:
    """When the broker logged refusing credentials (its own log, not the client's guess)."""
    refusals = []
    for line in (broker.run / "logs" / "server.log").read_text().splitlines():
        if "Failed authentication" in line and "invalid credentials" in line:
            stamp = datetime.strptime(line[1:24], "%Y-%m-%d %H:%M:%S,%f")
            at = stamp.replace(tzinfo=UTC).timestamp()
            if at >= since:
                refusals.append(at)
    return refusals


def test_wrong_password_fails_fast(secure: Broker) -> None:
    began = time.time()
    with pytest.raises(KafkaError):
        KafkaAdminClient(
            **_client(secure, "writer", sasl_plain_password="wrong", bootstrap_timeout_ms=3000)
        )
    assert time.time() - began < 6
    # the broker refused the credentials (not a timeout of an unreachable broker), at once;
    # the client may see only the closed connection, so the broker's log is the witness
    refusals = _refusals_since(secure, began - 1)
    assert refusals, "the broker logged no refused credentials"
    assert refusals[0] - began < 3
