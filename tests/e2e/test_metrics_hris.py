"""The HRIS consumer's metrics move with what it ingests: records by outcome, dead letters by
stage, consumer lag back to zero, and commands by type; served by its own metrics server."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from gateways.observability.metrics import start_metrics_server
from tests.integration.hris.conftest import Hris
from tests.integration.hris.feeds import line
from tests.integration.kafka_store.support import delete_prefixed_topics
from tests.support.scraping import free_port


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.fixture
def hris(kafka_bootstrap: str, unique_name: str, tmp_path: Path) -> Iterator[Hris]:
    yield Hris.of_test("sqlite", kafka_bootstrap, unique_name, tmp_path)
    delete_prefixed_topics(kafka_bootstrap, unique_name)


def test_the_consumers_counters_move_with_what_it_ingests(hris: Hris) -> None:
    applied = sample("mentoring_hris_records_total", channel="kafka", outcome="applied")
    malformed = sample("mentoring_hris_dead_letters_total", stage="malformed")
    hires = sample("mentoring_commands_total", command="hire_employee", outcome="ok")
    hris.publish([line("hired", f"E{n}", f"h{n}", "2024-01-02") for n in range(3)]
                 + [b"not json"])
    hris.ingest()
    assert sample("mentoring_hris_records_total", channel="kafka", outcome="applied") \
        == applied + 3
    assert sample("mentoring_hris_dead_letters_total", stage="malformed") == malformed + 1
    assert sample("mentoring_commands_total", command="hire_employee", outcome="ok") == hires + 3
    assert sample("mentoring_hris_consumer_lag", partition="0") == 0

    port = free_port()
    assert start_metrics_server(port, addr="127.0.0.1")
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        families = {f.name: f for f in text_string_to_metric_families(response.read().decode())}
    served = {
        (s.labels.get("channel"), s.labels.get("outcome")): s.value
        for s in families["mentoring_hris_records"].samples if s.name.endswith("_total")
    }
    assert served[("kafka", "applied")] >= 3
