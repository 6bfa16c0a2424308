"""The scheduler inside the API process (`mentoring serve`), on SQLite and Kafka: by the server's
clock, a request past its respond-by date expires without anyone calling, and its
notifications reach the outbox (on Kafka also the `{prefix}.notifications` topic)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from gateways.bootstrap import build_http_app, build_http_container
from gateways.entrypoints.http.app import create_app
from gateways.entrypoints.http.auth.keys import Role
from gateways.entrypoints.scheduler.runner import BackgroundScheduler, Clock
from gateways.entrypoints.scheduler.wiring import build_scheduler
from gateways.settings import Settings
from tests.e2e.http_world import Api, ask, enrol, hire, key_settings, launch_program, volunteer
from tests.support.kafka_topics import committed_records
from tests.support.scraping import wait_for


@pytest.fixture
def scheduling_api(settings: Settings) -> Iterator[Api]:
    """The app with its scheduler thread (a pass every second, on the real clock)."""
    container = build_http_container(settings, key_settings())
    scheduler = build_scheduler(settings, container.service, interval_seconds=1)
    container.scheduler = BackgroundScheduler(scheduler)
    with TestClient(create_app(container), raise_server_exceptions=False) as client:
        yield Api(client)
    assert not container.scheduler.running and container.scheduler.failure is None


def test_serve_runs_the_scheduler_unless_told_not_to(settings: Settings) -> None:
    http = key_settings()
    assert build_http_container(settings, http).scheduler is None
    http.serve_schedules = True
    container = build_http_container(settings, http)
    try:
        assert container.scheduler is not None and not container.scheduler.running
    finally:
        container.close()


def notifications(api: Api) -> list[dict[str, Any]]:
    """The whole outbox."""
    body = api.ok("GET", "/notifications?limit=1000", Role.NOTIFIER)
    items: list[dict[str, Any]] = body["notifications"]
    return items


def test_a_request_past_its_date_expires_by_the_servers_clock(
    scheduling_api: Api, settings: Settings
) -> None:
    api = scheduling_api
    for hris_id in ("E1", "E2"):
        hire(api, hris_id)
    program_id = launch_program(api)
    volunteer(api, program_id, "E1")
    enrol(api, program_id, "E2")
    request_id = ask(api, program_id, "E2", "E1")  # respond by 2024-02-29: long past

    def expired() -> bool:
        view = api.ok("GET", f"/requests/{request_id}", Role.ADMIN)
        return bool(view["status"] == "expired")

    wait_for(expired)
    items = wait_for(
        lambda: [n for n in notifications(api) if n["type"] == "request-expired"] or None
    )
    assert sorted(n["recipient"] for n in items) == ["E1", "E2"]
    assert all(n["request_id"] == request_id for n in items)
    if settings.store_location.kind == "kafka":
        expected = [n["id"] for n in notifications(api)]
        topic = f"{settings.kafka_topic_prefix}.notifications"
        wait_for(lambda: [v["id"] for v in topic_values(settings, topic)] == expected)


def topic_values(settings: Settings, topic: str) -> list[dict[str, Any]]:
    """The JSON values on the outbox topic, read_committed."""
    bootstrap = settings.store_location.target
    records = committed_records(topic, timeout_ms=1_500, bootstrap_servers=bootstrap)
    return [json.loads(record.value) for record in records]


@pytest.fixture
def clocked(settings: Settings) -> Iterator[tuple[Api, Any]]:
    """The app (no scheduler thread) and its FastAPI object, to set the server's clock."""
    app = build_http_app(settings, key_settings())
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(client), app


def test_the_expire_endpoint_decides_today_by_the_servers_clock(
    clocked: tuple[Api, Any],
) -> None:
    api, app = clocked
    for hris_id in ("E1", "E2"):
        hire(api, hris_id)
    program_id = launch_program(api)
    volunteer(api, program_id, "E1")
    enrol(api, program_id, "E2")
    request_id = ask(api, program_id, "E2", "E1")  # respond by 2024-02-29
    expire = f"/requests/{request_id}/expire"
    app.state.clock = Clock(fixed=date(2024, 2, 29))
    early = api.ok("POST", expire, Role.ADMIN, body={"effective_date": "2024-03-15"})
    assert early["expired"] is False  # the caller's date does not count
    assert api.ok("GET", f"/requests/{request_id}", Role.ADMIN)["status"] == "pending"
    app.state.clock = Clock(fixed=date(2024, 3, 1))
    assert api.ok("POST", expire, Role.ADMIN, body={})["expired"] is True
    expired = [n for n in notifications(api) if n["type"] == "request-expired"]
    assert {n["business_date"] for n in expired} == {"2024-03-01"}


def test_the_apps_clock_is_the_configured_time_zone(settings: Settings) -> None:
    zoned = settings.model_copy(update={"timezone": "Pacific/Kiritimati"})
    app = build_http_app(zoned, key_settings())
    assert app.state.clock == Clock("Pacific/Kiritimati")
    app.state.service.close()
    app.state.ledger.close()
