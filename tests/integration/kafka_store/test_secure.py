"""The store on the secure broker (SASL_SSL, SCRAM, ACLs): `deploy/kafka/broker.sh start --secure`.

The eventsourcing recorder contract as the `writer` principal; the `reader` principal refused
writing; wrong credentials and an untrusted certificate failing fast with one line.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import Environment

from gateways.stores.kafka import KafkaFactory
from gateways.stores.kafka.config import KafkaStoreConfig
from gateways.stores.kafka.errors import (
    KafkaAuthenticationError,
    KafkaAuthorisationError,
    KafkaTlsError,
)
from gateways.stores.kafka.protocol.cluster import Cluster
from gateways.stores.kafka.recorders import KafkaApplicationRecorder
from tests.integration.kafka_store import test_contract as plain
from tests.integration.kafka_store.secure_broker import (
    bootstrap_of,
    client_file,
    delete_secure_topics,
    secure_prefix,
    secure_store_env,
)
from tests.integration.kafka_store.support import ROOT

WRONG = "not-the-password"


class OnSecureTopics:
    """As the contract's OnFreshTopics, on the secure broker as the `writer` principal."""

    env: Environment
    factories: list[KafkaFactory]

    @pytest.fixture(autouse=True)
    def _fresh_topics(self, unique_name: str) -> Iterator[None]:  # overrides the plain one
        prefix = secure_prefix(unique_name)
        self.env = Environment("Contract", secure_store_env("writer", prefix))
        self.factories = []
        yield
        for factory in self.factories:
            factory.close()
        delete_secure_topics(prefix)


class TestSecureAggregateRecorder(OnSecureTopics, plain.TestAggregateRecorderOnEventsTopic):
    pass


class TestSecureSnapshotsRecorder(OnSecureTopics, plain.TestAggregateRecorderOnSnapshotsTopic):
    pass


class TestSecureApplicationRecorder(OnSecureTopics, plain.TestApplicationRecorder):
    pass  # includes insert + subscribe: kafka-python's consumer over SASL_SSL


class TestSecureNonInterleavingIds(OnSecureTopics, plain.TestNonInterleavingNotificationIds):
    pass


class TestSecureTrackingRecorder(OnSecureTopics, plain.TestTrackingRecorder):
    pass


class TestSecureProcessRecorder(OnSecureTopics, plain.TestProcessRecorder):
    pass


class TestSecureInfrastructureFactory(OnSecureTopics, plain.TestInfrastructureFactory):
    pass


# -- principals, credentials, certificates ----------------------------------------------


@pytest.fixture
def prefix(unique_name: str) -> Iterator[str]:
    name = secure_prefix(unique_name)
    yield name
    delete_secure_topics(name)


def events(count: int) -> list[StoredEvent]:
    aggregate = uuid.uuid4()
    return [StoredEvent(aggregate, v, "Secure.Event", b"{}") for v in range(1, count + 1)]


def application_recorder(env: dict[str, str]) -> tuple[KafkaFactory, KafkaApplicationRecorder]:
    factory = KafkaFactory(Environment("App", env))
    recorder = factory.application_recorder()
    assert isinstance(recorder, KafkaApplicationRecorder)
    return factory, recorder


def test_the_reader_principal_is_refused_writing_and_nothing_is_written(prefix: str) -> None:
    writer, written = application_recorder(secure_store_env("writer", prefix))
    written.insert_events(events(2))
    writer.close()

    reader, recorder = application_recorder(secure_store_env("reader", prefix))
    try:
        assert recorder.max_notification_id() == 2  # reading is allowed
        with pytest.raises(KafkaAuthorisationError) as caught:
            recorder.insert_events(events(1))
    finally:
        reader.close()
    message = str(caught.value)
    assert "user 'reader' is not authorised" in message, message
    assert "\n" not in message

    check, again = application_recorder(secure_store_env("writer", prefix))
    try:
        assert again.max_notification_id() == 2
        assert len(again.select_notifications(start=None, limit=10)) == 2
    finally:
        check.close()


def test_the_reader_principal_may_not_create_the_topics(prefix: str) -> None:
    with pytest.raises(KafkaAuthorisationError, match="user 'reader' is not authorised"):
        application_recorder(secure_store_env("reader", prefix))


def test_a_wrong_password_fails_fast_with_one_line(prefix: str) -> None:
    env = secure_store_env("writer", prefix, KAFKA_SASL_PASSWORD=WRONG)
    began = time.monotonic()
    with pytest.raises(KafkaAuthenticationError) as caught:
        KafkaFactory(Environment("App", env))
    assert time.monotonic() - began < float(env["KAFKA_CONNECT_TIMEOUT"])
    message = str(caught.value)
    mechanism = env["KAFKA_SASL_MECHANISM"]
    assert message.startswith(f"authentication failed for user 'writer' with {mechanism} at ")
    assert bootstrap_of("writer").split(",")[0] in message
    assert "\n" not in message and WRONG not in message


def test_an_untrusted_broker_certificate_fails_fast_with_one_line(
    prefix: str, tmp_path: Path
) -> None:
    # the system's CAs do not include the development broker's self-signed CA
    env = secure_store_env("writer", prefix)
    del env["KAFKA_SSL_CAFILE"]
    began = time.monotonic()
    with pytest.raises(KafkaTlsError) as caught:
        KafkaFactory(Environment("App", env))
    assert time.monotonic() - began < float(env["KAFKA_CONNECT_TIMEOUT"])
    message = str(caught.value)
    first = bootstrap_of("writer").split(",")[0]
    assert message.startswith(f"certificate verify failed for {first}"), message
    assert "\n" not in message


def test_the_store_connections_learn_the_sasl_session_lifetime(prefix: str) -> None:
    config = KafkaStoreConfig.from_env(Environment("App", secure_store_env("writer", prefix)))
    cluster = Cluster(config)
    try:
        cluster.bootstrap()
        connection = cluster.control()
        # with connections.max.reauth.ms the broker grants a session lifetime and the
        # connection renews itself before it; without, the session never ends
        assert connection.renew_at is None or connection.renew_at > time.monotonic()
    finally:
        cluster.close()


def test_the_cli_prints_a_wrong_password_as_one_line(tmp_path: Path) -> None:
    settings = {
        key: value for key, value in client_file("writer").items() if key.startswith("MENTORING_")
    }
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("MENTORING_")},
        **settings,
        "MENTORING_KAFKA_SASL_PASSWORD": WRONG,
        "MENTORING_KAFKA_TOPIC_PREFIX": secure_prefix(uuid.uuid4().hex[:8]),
        "MENTORING_DUCKDB": str(tmp_path / "read.duckdb"),
    }
    env.pop("MENTORING_KAFKA_SASL_PASSWORD_FILE", None)
    result = subprocess.run(
        [sys.executable, "-m", "gateways.entrypoints.cli", "project"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "authentication failed for user 'writer'" in lines[0]
    assert WRONG not in result.stderr
