"""The background processes serve /metrics on their own port (`--metrics-port`): the projector,
the HRIS consumer and a stand-alone scheduler, each run as `mentoring ...`; the text parses with
prometheus-client's parser and the counters move with what the process does."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from domain.base import HRIS_ACTOR, Stamp
from gateways.bootstrap import persistence_env
from gateways.settings import Settings
from services.employees import HireEmployee
from services.mentoring import MentoringService
from services.scheduling import business_today
from tests.integration.cli.test_scheduler_cli import MENTEES, build_requests, day
from tests.integration.hris.conftest import Hris
from tests.integration.hris.feeds import line
from tests.integration.kafka_store.support import delete_prefixed_topics
from tests.support.scraping import (
    Samples,
    free_port,
    healthy,
    parse_samples,
    sample,
    scrape,
    wait_for,
)


@contextmanager
def mentoring(env: dict[str, str], *args: str) -> Iterator[subprocess.Popen[bytes]]:
    """`mentoring ARGS` running in the background, stopped with SIGTERM at the end."""
    command = [sys.executable, "-m", "gateways.entrypoints.cli", *args]
    process = subprocess.Popen(
        command, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
        assert process.returncode in (0, -signal.SIGTERM), stderr.decode()


def store_env(tmp_path: Path) -> dict[str, str]:
    """A fresh SQLite store and read side of the test's own."""
    return {
        "MENTORING_STORE": f"sqlite:///{tmp_path / 'events.db'}",
        "MENTORING_DUCKDB": str(tmp_path / "analytics.duckdb"),
        "MENTORING_ENVIRONMENT": "test",
    }


def hire(env: dict[str, str], *people: str) -> int:
    """Hire ``people`` into the store; the log's head afterwards."""
    service = MentoringService(env=persistence_env(Settings(store=env["MENTORING_STORE"])))
    try:
        for person in people:
            service.handle(HireEmployee(
                command_id=f"hire-{person}", stamp=Stamp(HRIS_ACTOR, date(2024, 1, 2)),
                hris_id=person, department="Sales", job_level=3, manager_id=None,
                location="Leeds",
            ))
        return int(service.recorder.max_notification_id() or 0)
    finally:
        service.close()


def test_the_projector_process_serves_its_position_lag_and_events(tmp_path: Path) -> None:
    env, port = store_env(tmp_path), free_port()
    first_head = hire(env, "P1", "P2", "P3")

    def projected_to(head: int) -> Samples | None:
        samples = scrape(port)
        if samples is None or sample(samples, "mentoring_projector_position") != head:
            return None
        return samples

    with mentoring(env, "project", "--follow", "--metrics-port", str(port)) as projector:
        before = wait_for(lambda: projected_to(first_head), what="the first catch-up")
        head = hire(env, "P4", "P5")
        after = wait_for(lambda: projected_to(head), what="projecting the new events")
        assert projector.poll() is None
    assert sample(before, "mentoring_projector_events_total") == first_head
    assert sample(after, "mentoring_projector_events_total") == head > first_head
    assert sample(after, "mentoring_projector_lag_events") == 0
    assert sample(after, "mentoring_projector_lag_seconds") == 0


def test_the_hris_consumer_process_serves_its_records_dead_letters_and_lag(
    kafka_bootstrap: str, unique_name: str, tmp_path: Path
) -> None:
    hris, port = Hris.of_test("sqlite", kafka_bootstrap, unique_name, tmp_path), free_port()
    kafka = {"channel": "kafka", "outcome": "applied"}
    hris.publish([line("hired", f"H{n}", f"h{n}", "2024-01-02") for n in range(3)] + [b"{"])

    def applied(count: int) -> Samples | None:
        samples = scrape(port)
        if samples is None or sample(samples, "mentoring_hris_records_total", **kafka) != count:
            return None
        return samples if sample(samples, "mentoring_hris_consumer_lag", partition="0") == 0 \
            else None

    try:
        with mentoring(hris.env, "ingest-hris", "--metrics-port", str(port)) as consumer:
            first = wait_for(lambda: applied(3), what="ingesting the first records")
            hris.publish([line("promoted", f"H{n}", f"p{n}", "2024-02-01", new_level=4)
                          for n in range(2)])
            second = wait_for(lambda: applied(5), what="ingesting the later records")
            assert consumer.poll() is None
    finally:
        delete_prefixed_topics(kafka_bootstrap, unique_name)
    assert sample(first, "mentoring_hris_dead_letters_total", stage="malformed") == 1
    hires = {"command": "hire_employee", "outcome": "ok"}
    promotions = {"command": "promote_employee", "outcome": "ok"}
    assert sample(first, "mentoring_commands_total", **hires) == 3
    assert sample(second, "mentoring_commands_total", **promotions) == 2
    assert sample(second, "mentoring_store_write_events_count") >= 5


def test_a_stand_alone_scheduler_serves_its_passes_and_commands(tmp_path: Path) -> None:
    env, port = store_env(tmp_path), free_port()
    build_requests(Settings(store=env["MENTORING_STORE"]))
    expiries = {"command": "expire_request", "outcome": "ok"}

    def passes(count: int) -> Samples | None:
        samples = scrape(port)
        done = samples and sample(samples, "mentoring_scheduler_passes_total", outcome="ok")
        return samples if samples and done and done >= count else None

    args = ["scheduler", "--today", day(15).isoformat(), "--interval", "1"]
    with mentoring(env, *args, "--metrics-port", str(port)):
        first = wait_for(lambda: passes(1), what="the first pass")
        later = wait_for(lambda: passes(3), what="two more passes")
    assert sample(first, "mentoring_commands_total", **expiries) == MENTEES
    assert sample(later, "mentoring_commands_total", **expiries) == MENTEES  # nothing twice
    assert sample(later, "mentoring_scheduler_pass_duration_seconds_count") >= 3


def test_serve_runs_the_scheduler_and_serves_its_passes_on_the_apis_metrics(
    tmp_path: Path,
) -> None:
    env, port = store_env(tmp_path), free_port()
    env["MENTORING_ENVIRONMENT"] = "development"  # the documented development keys
    build_requests(Settings(store=env["MENTORING_STORE"]))  # to respond by 2024-03-15: past
    base = f"http://127.0.0.1:{port}"

    def expired() -> list[dict[str, object]] | None:
        request = urllib.request.Request(f"{base}/notifications?limit=1000",
                                         headers={"X-API-Key": "dev-notifier-key"})
        with urllib.request.urlopen(request, timeout=10) as response:
            items = json.loads(response.read())["notifications"]
        lapsed = [n for n in items if n["type"] == "request-expired"]
        return lapsed if len(lapsed) == 2 * MENTEES else None

    started_on = business_today("UTC")
    with mentoring(env, "serve", "--port", str(port)) as server:
        wait_for(lambda: healthy(base) or server.poll() is not None, what="the API starting")
        lapsed = wait_for(expired, what="the API's scheduler expiring the requests")
        response = urllib.request.urlopen(f"{base}/metrics", timeout=10)
        samples = parse_samples(response.read().decode())
    server_days = {started_on.isoformat(), business_today("UTC").isoformat()}
    assert {n["business_date"] for n in lapsed} <= server_days  # expired by the server's clock
    assert sample(samples, "mentoring_scheduler_passes_total", outcome="ok") >= 1
    expiries = {"command": "expire_request", "outcome": "ok"}
    assert sample(samples, "mentoring_commands_total", **expiries) == MENTEES
