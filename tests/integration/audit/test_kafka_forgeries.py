"""Forged records on a live Kafka events topic, seen by every process: serve and project refuse
to start in one line naming the record, `mentoring audit verify` names it and exits 1; none of
them prints a traceback or uses a Kafka client from two threads ("Concurrent access").

Each forgery is appended with raw kafka-python after the service recorded a few events: a
record without our headers, a copy with a wrong hash (well-formed headers), a gap in the
notification ids, and a malformed version header.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from eventsourcing.utils import Environment

from gateways.stores.kafka.config import KafkaStoreConfig
from services.mentoring import MentoringService
from tests.integration.audit.topic_forgery import Record, append_to_topic, read_topic
from tests.integration.kafka_store.support import ROOT, delete_prefixed_topics
from tests.unit.audit.scenario import hire

FORGERIES = ["no headers", "wrong hash", "gap", "malformed header"]


def _renumbered(headers: list[tuple[str, bytes]], number: int) -> list[tuple[str, bytes]]:
    return [(n, str(number).encode() if n == "notification_id" else v) for n, v in headers]


def forge(kind: str, last: Record) -> tuple[Record, int]:
    """The forged record to append after ``last``, and the notification id it takes."""
    number = int(dict(last.headers)["notification_id"]) + 1
    if kind == "no headers":
        return Record(last.key, last.value, []), number
    if kind == "wrong hash":  # a copy of the last event, renumbered: headers all well-formed
        return Record(last.key, last.value, _renumbered(last.headers, number)), number
    if kind == "gap":
        return Record(last.key, last.value, _renumbered(last.headers, number + 1)), number
    headers = [(n, b"x1" if n == "originator_version" else v)
               for n, v in _renumbered(last.headers, number)]
    return Record(last.key, last.value, headers), number


@pytest.fixture(params=FORGERIES)
def forged(request: pytest.FixtureRequest, kafka_bootstrap: str, unique_name: str,
           tmp_path: Path) -> Iterator[tuple[dict[str, str], int]]:
    """The CLI's environment on a topic holding a forged record, and that record's offset."""
    env = {"PERSISTENCE_MODULE": "gateways.stores.kafka",
           "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap, "KAFKA_TOPIC_PREFIX": unique_name}
    service = MentoringService(env=env)
    hire(service, "E1")
    hire(service, "E2")
    service.close()
    topic = KafkaStoreConfig.from_env(Environment(service.name, env)).events_topic
    record, _ = forge(request.param, read_topic(kafka_bootstrap, topic)[-1])
    append_to_topic(kafka_bootstrap, topic, record)
    offset = _last_offset(kafka_bootstrap, topic)
    cli_env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("MENTORING_")},
        "MENTORING_STORE": f"kafka://{kafka_bootstrap}",
        "MENTORING_KAFKA_TOPIC_PREFIX": unique_name,
        "MENTORING_DUCKDB": str(tmp_path / "read.duckdb"),
        "MENTORING_ENVIRONMENT": "development",
        "MENTORING_LOG_FORMAT": "console",
    }
    yield cli_env, offset
    delete_prefixed_topics(kafka_bootstrap, unique_name)


def _last_offset(bootstrap: str, topic: str) -> int:
    from kafka import KafkaConsumer, TopicPartition

    consumer = KafkaConsumer(bootstrap_servers=bootstrap)
    try:
        partition = TopicPartition(topic, 0)
        return int(consumer.end_offsets([partition])[partition]) - 1
    finally:
        consumer.close()


def mentoring(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gateways.entrypoints.cli", *args], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=120,
    )


def assert_clean_refusal(run: subprocess.CompletedProcess[str], offset: int) -> None:
    output = run.stdout + run.stderr
    assert run.returncode != 0, output
    assert "Traceback" not in output, output
    assert "Concurrent access" not in output, output
    errors = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, output
    assert f"offset {offset}" in errors[0], output


def test_serve_refuses_to_start_in_one_line_naming_the_record(
    forged: tuple[dict[str, str], int],
) -> None:
    env, offset = forged
    run = mentoring(env, "serve", "--port", "18765", "--no-schedule")
    assert_clean_refusal(run, offset)
    assert len(run.stderr.strip().splitlines()) <= 2  # "serving ..." and the refusal


def test_project_refuses_to_start_in_one_line_naming_the_record(
    forged: tuple[dict[str, str], int],
) -> None:
    env, offset = forged
    run = mentoring(env, "project")
    assert_clean_refusal(run, offset)


def test_audit_verify_names_the_forged_record(forged: tuple[dict[str, str], int]) -> None:
    env, offset = forged
    run = mentoring(env, "audit", "verify")
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert "Traceback" not in output and "Concurrent access" not in output, output
    assert f"at position {offset}:" in run.stdout, output
    assert run.stdout.startswith("ALTERED: 4 events verified"), output
