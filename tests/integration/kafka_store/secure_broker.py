"""The secure development broker (`deploy/kafka/broker.sh start --secure`) for the store's tests.

Its client env files, ``deploy/kafka/.run/client-<principal>.env`` (principals writer, reader,
hris, admin), name the bootstrap servers (MENTORING_STORE=kafka://...) and the principal's
MENTORING_KAFKA_SECURITY_PROTOCOL, ..._SSL_CAFILE and ..._SASL_* settings. Another directory
can be given with MENTORING_KAFKA_SECURE_ENV_DIR. A missing file fails the test (never skips).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from kafka import KafkaAdminClient

from gateways.stores.kafka.security import KafkaSecurity
from tests.integration.kafka_store.support import ROOT, delete_topics_with

ENV_DIR = Path(os.environ.get("MENTORING_KAFKA_SECURE_ENV_DIR") or ROOT / "deploy/kafka/.run")
SECURITY_KEYS = ("MENTORING_KAFKA_SECURITY", "MENTORING_KAFKA_SSL", "MENTORING_KAFKA_SASL")
TOPIC_PREFIX = "mentoring"  # the broker's ACLs allow topics and transactional ids "mentoring*"


def client_file(principal: str) -> dict[str, str]:
    """The MENTORING_* settings of a principal's env file (fails the test when it is absent)."""
    path = ENV_DIR / f"client-{principal}.env"
    if not path.is_file():
        pytest.fail(
            f"{path} is missing: start the secure broker with `deploy/kafka/broker.sh start "
            "--secure` (it writes the client env files of writer, reader, hris and admin)"
        )
    values = {}
    for line in path.read_text().splitlines():
        key, sep, value = line.strip().removeprefix("export ").partition("=")
        if sep and not key.startswith("#"):
            values[key.strip()] = value.strip().strip("'\"")
    return values


def bootstrap_of(principal: str = "writer") -> str:
    store = client_file(principal)["MENTORING_STORE"]
    assert store.startswith("kafka://"), store
    return store.removeprefix("kafka://")


def security_env(principal: str, **overrides: str) -> dict[str, str]:
    """The principal's security settings under the store's eventsourcing keys (KAFKA_*)."""
    values = {
        key.removeprefix("MENTORING_"): value
        for key, value in client_file(principal).items()
        if key.startswith(SECURITY_KEYS)
    }
    return {**values, **overrides}


def secure_store_env(principal: str, prefix: str, **overrides: str) -> dict[str, str]:
    """PERSISTENCE_MODULE and KAFKA_* settings of a store on the secure broker as principal."""
    return {
        "PERSISTENCE_MODULE": "gateways.stores.kafka",
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap_of(principal),
        "KAFKA_TOPIC_PREFIX": prefix,
        "KAFKA_REPLICATION_FACTOR": "1",
        "KAFKA_MIN_INSYNC_REPLICAS": "1",
        "KAFKA_CONNECT_TIMEOUT": "10",
        **security_env(principal),
        **overrides,
    }


def admin_client() -> KafkaAdminClient:
    from eventsourcing.utils import Environment

    security = KafkaSecurity.from_env(Environment(env=security_env("admin")))
    return KafkaAdminClient(bootstrap_servers=bootstrap_of("admin"), **security.client_kwargs())


def delete_secure_topics(prefix: str) -> None:
    """Delete every topic named `{prefix}.*` on the secure broker (as the admin principal)."""
    delete_topics_with(admin_client(), prefix)


def secure_prefix(unique_name: str) -> str:
    """A topic prefix of one test that the broker's ACLs cover."""
    return f"{TOPIC_PREFIX}-{unique_name}"
