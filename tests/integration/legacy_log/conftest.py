"""A log recorded before commands became messages (issue 12), on both stores, and its tables."""

from __future__ import annotations

import gzip
import json
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.audit.topic_forgery import write_topic
from tests.integration.kafka_store.support import delete_prefixed_topics
from tests.integration.legacy_log.kafka_records import read_dump

FIXTURES = Path(__file__).parents[2] / "fixtures" / "legacy_log"


def expected_tables(store: str) -> dict[str, dict[str, object]]:
    """The table digests the log projected to when it was recorded."""
    return json.loads((FIXTURES / f"tables-{store}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sqlite_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The recorded SQLite log, unpacked into a file of this module's own."""
    target = tmp_path_factory.mktemp("legacy-sqlite") / "events.db"
    with gzip.open(FIXTURES / "events.db.gz", "rb") as packed, target.open("wb") as out:
        shutil.copyfileobj(packed, out)
    return {"PERSISTENCE_MODULE": "gateways.stores.sqlite", "SQLITE_DBNAME": str(target)}


@pytest.fixture(scope="module")
def kafka_env(kafka_bootstrap: str) -> Iterator[dict[str, str]]:
    """The recorded Kafka topic, written record by record to an events topic of its own."""
    prefix = "legacy" + uuid.uuid4().hex[:10]
    records = read_dump(FIXTURES / "kafka-events.jsonl.gz")
    write_topic(kafka_bootstrap, f"{prefix}.mentoring.events", records)
    yield {
        "PERSISTENCE_MODULE": "gateways.stores.kafka",
        "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
        "KAFKA_TOPIC_PREFIX": prefix,
    }
    delete_prefixed_topics(kafka_bootstrap, prefix)
