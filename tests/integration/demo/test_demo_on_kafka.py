"""The same demo on the production path: the Kafka event store (real broker).

The run has MENTORING_KAFKA_TOPIC_PREFIX set in its environment, as a deployment would: the
service must still write to the run's own fresh topics, the ones the projector reads.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from gateways.demo.run import DemoOptions, DemoOutcome, run_demo
from gateways.settings import Settings
from tests.integration.demo.conftest import quiet


@pytest.fixture(scope="module")
def kafka_run(kafka_bootstrap: str, tmp_path_factory: pytest.TempPathFactory) -> DemoOutcome:
    folder = tmp_path_factory.mktemp("kafka-demo")
    options = DemoOptions(seed=3, employees=80, report=Path(folder / "report.html"))
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv("MENTORING_KAFKA_TOPIC_PREFIX", "demo-test")
        store = f"kafka://{kafka_bootstrap}"
        settings = Settings(store=store, duckdb=folder / "analytics.duckdb")
        return run_demo(settings, options, quiet)


def test_the_kafka_store_accepts_every_command_of_the_world(kafka_run: DemoOutcome) -> None:
    assert not kafka_run.drive.refused and kafka_run.drive.accepted > 500


def test_the_projector_reads_every_event_back_from_kafka(kafka_run: DemoOutcome) -> None:
    connection = duckdb.connect(str(kafka_run.report.with_name("analytics.duckdb")), read_only=True)
    try:
        row = connection.execute("SELECT max(notification_id) FROM tracking").fetchone()
    finally:
        connection.close()
    assert row is not None and row[0] == kafka_run.events


def test_the_report_is_written_from_the_kafka_run(kafka_run: DemoOutcome) -> None:
    assert 'data-chart="retention"' in kafka_run.report.read_text(encoding="utf-8")
