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


class TestSecureInfrastructureFactory(  # type: ignore[misc]
    OnSecureTopics, plain.TestInfrastructureFactory
):
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
        # the development broker ends SASL sessions (connections.max.reauth.ms): the
        # connection learns the lifetime and renews itself before it
        assert connection.renew_at is not None and connection.renew_at > time.monotonic()
    finally:
        cluster.close()


def session_lifetime(env: dict[str, str]) -> float | None:
    """Seconds of the SASL session the broker grants (None: connections.max.reauth.ms unset)."""
    config = KafkaStoreConfig.from_env(Environment("App", env))
    cluster = Cluster(config)
    try:
        cluster.bootstrap()
        renew_at = cluster.control().renew_at
        return None if renew_at is None else (renew_at - time.monotonic()) / 0.85
    finally:
        cluster.close()


def test_writing_reading_and_subscribing_go_on_past_the_sasl_session(prefix: str) -> None:
    env = secure_store_env("writer", prefix)
    lifetime = session_lifetime(env)
    factory, recorder = application_recorder(env)
    try:
        recorder.insert_events(events(1))
        subscription = recorder.subscribe(gt=None)
        with subscription:
            assert next(subscription).id == 1
            assert lifetime is not None  # the development broker ends sessions: outlive one
            time.sleep(lifetime + 1)
            recorder.insert_events(events(2))  # renewed connections (or reconnected)
            assert [next(subscription).id for _ in range(2)] == [2, 3]
    finally:
        factory.close()
    reader, again = application_recorder(secure_store_env("reader", prefix))
    try:
        assert again.max_notification_id() == 3
    finally:
        reader.close()


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


# -- OAUTHBEARER (the development secure broker accepts unsigned tokens) -------------------


def unsecured_jwt(subject: str, lifetime: int) -> str:
    """An unsigned JWT ("alg": "none"), what Kafka's default OAUTHBEARER validator accepts."""
    import base64
    import json

    def part(data: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    now = int(time.time())
    return f"{part({'alg': 'none'})}.{part({'sub': subject, 'iat': now, 'exp': now + lifetime})}."


@pytest.fixture
def token_endpoint() -> Iterator[tuple[str, list[float]]]:
    """An OAuth token endpoint issuing 8-second tokens for sub=writer to client writer:secret."""
    import base64
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    issued: list[float] = []
    expected = "Basic " + base64.b64encode(b"writer:client-secret").decode()

    class Endpoint(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            self.rfile.read(int(self.headers["Content-Length"]))
            allowed = self.headers["Authorization"] == expected
            body = json.dumps(
                {"access_token": unsecured_jwt("writer", 8), "expires_in": 8}
            ).encode()
            issued.append(time.monotonic())
            self.send_response(200 if allowed else 401)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Endpoint)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/token", issued
    server.shutdown()
    server.server_close()


def test_oauthbearer_tokens_are_fetched_renewed_and_refused_in_one_line(
    prefix: str, token_endpoint: tuple[str, list[float]]
) -> None:
    """The development secure broker enables OAUTHBEARER with Kafka's default (unsecured
    JWS) validator (deploy/kafka/broker.sh)."""
    url, issued = token_endpoint
    env = secure_store_env(
        "writer", prefix, KAFKA_SASL_MECHANISM="OAUTHBEARER", KAFKA_SASL_OAUTH_TOKEN_URL=url,
        KAFKA_SASL_OAUTH_CLIENT_ID="writer", KAFKA_SASL_OAUTH_CLIENT_SECRET="client-secret",
    )
    del env["KAFKA_SASL_USERNAME"], env["KAFKA_SASL_PASSWORD"]
    factory, recorder = application_recorder(env)
    try:
        recorder.insert_events(events(1))
        with recorder.subscribe(gt=None) as subscription:
            assert next(subscription).id == 1
            time.sleep(9)  # past the token's 8 s: new connections need a new token
            recorder.insert_events(events(1))
            assert next(subscription).id == 2
    finally:
        factory.close()
    assert len(issued) >= 2  # renewed before it expired

    refused = dict(env, KAFKA_SASL_OAUTH_CLIENT_SECRET="wrong")
    with pytest.raises(KafkaAuthenticationError) as caught:
        KafkaFactory(Environment("App", refused))
    assert "refused client 'writer': HTTP 401" in str(caught.value)
    assert "wrong" not in str(caught.value) and "\n" not in str(caught.value)


# -- the HRIS gateway's clients take the same settings -------------------------------------


def test_the_hris_clients_publish_and_consume_over_sasl_ssl(
    prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gateways.entrypoints.hris.kafka_clients import (
        ensure_topics,
        hris_consumer,
        reliable_producer,
    )
    from gateways.entrypoints.hris.publish import HrisPublisher

    for key, value in client_file("admin").items():  # admin: may create any topic
        monkeypatch.setenv(key, value)
    bootstrap = bootstrap_of("admin")
    topic = f"{prefix}.hris"
    ensure_topics(bootstrap, [topic])
    publisher = HrisPublisher(reliable_producer(bootstrap, f"{prefix}.publish"), topic)
    try:
        assert publisher.publish([b'{"employee_id": "E1"}', b'{"employee_id": "E2"}']) == 2
    finally:
        publisher.close()
    consumer = hris_consumer(bootstrap, f"{prefix}.group")
    try:
        consumer.subscribe([topic])
        seen: list[bytes] = []
        deadline = time.monotonic() + 20
        while len(seen) < 2 and time.monotonic() < deadline:
            for records in consumer.poll(timeout_ms=500).values():
                seen.extend(record.value for record in records)
    finally:
        consumer.close()
    assert sorted(seen) == [b'{"employee_id": "E1"}', b'{"employee_id": "E2"}']


def test_the_hris_clients_refuse_a_wrong_password_in_one_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from gateways.entrypoints.hris.kafka_clients import reliable_producer

    for key, value in client_file("hris").items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("MENTORING_KAFKA_SASL_PASSWORD", WRONG)
    began = time.monotonic()
    with pytest.raises(KafkaAuthenticationError) as caught:
        reliable_producer(bootstrap_of("hris"), "mentoring-hris-publish")
    assert time.monotonic() - began < 10
    assert str(caught.value).startswith("authentication failed for user 'hris' with ")
    assert WRONG not in str(caught.value) and "\n" not in str(caught.value)
