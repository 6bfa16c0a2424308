"""/metrics parses with the Prometheus text parser and its counters move with the load; spans
nest HTTP -> handle -> insert_events, and the request's log line carries their trace id."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import structlog
from fastapi.testclient import TestClient
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from structlog.testing import capture_logs

from gateways.bootstrap import build_http_app
from gateways.entrypoints.http.auth.keys import Role
from gateways.observability.tracing import add_trace_ids, use_tracer_provider
from gateways.settings import Settings
from tests.e2e.http_world import Api, hire, key_settings
from tests.support.scraping import Samples, parse_samples
from tests.support.scraping import sample as value


def scrape(api: Api) -> Samples:
    """Every sample of /metrics, parsed by prometheus-client's own text parser."""
    response = api.client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return parse_samples(response.text)


def test_metrics_parse_and_their_counters_move_with_the_load(api: Api) -> None:
    before = scrape(api)
    for number in range(3):
        hire(api, f"M{number}")
    refused = api.call("POST", "/employees", Role.HRIS, body={
        "hris_id": "M0", "department": "sales", "job_level": 5, "manager_id": None,
        "location": "Lisbon", "hired_on": "2024-01-02"})  # hired already: a rule says no
    assert refused.status_code == 409, refused.text
    after = scrape(api)

    def moved(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved("mentoring_commands_total", command="hire_employee", outcome="ok") == 3
    assert moved("mentoring_commands_total", command="hire_employee", outcome="refused") == 1
    assert moved("mentoring_command_duration_seconds_count", command="hire_employee") == 4
    route = {"method": "POST", "route": "/employees"}
    assert moved("mentoring_http_request_duration_seconds_count", **route, status="201") == 3
    assert moved("mentoring_http_request_duration_seconds_count", **route, status="409") == 1
    assert moved("mentoring_store_write_duration_seconds_count") >= 3
    assert moved("mentoring_store_write_events_sum") >= 6  # each hire: employee + command log
    assert ("mentoring_projector_lag_events", frozenset()) in after  # declared in every process


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    """Spans of the apps built in the test, kept in memory."""
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    use_tracer_provider(provider)
    yield exporter
    use_tracer_provider(None)
    provider.shutdown()


@pytest.mark.parametrize("settings", ["sqlite", "kafka"], indirect=True)
def test_a_command_is_traced_from_http_through_handle_to_the_store(
    settings: Settings, spans: InMemorySpanExporter
) -> None:
    with TestClient(build_http_app(settings, key_settings())) as client:
        api = Api(client)
        spans.clear()
        with capture_logs(processors=[structlog.contextvars.merge_contextvars, add_trace_ids]) \
                as logs:
            hire(api, "T1")
    finished = spans.get_finished_spans()
    [server] = [s for s in finished if s.kind.name == "SERVER"]
    [handle] = [s for s in finished if s.name == "mentoring.handle"]
    [write] = [s for s in finished if s.name == "mentoring.store.insert_events"]
    assert parent(handle) == server.context.span_id
    assert parent(write) == handle.context.span_id
    assert dict(handle.attributes or {})["mentoring.command"] == "hire_employee"
    trace_id = format(server.context.trace_id, "032x")
    assert {span.context.trace_id for span in (server, handle, write)} == {server.context.trace_id}
    [line] = [entry for entry in logs if entry["event"] == "request_finished"]
    assert line["trace_id"] == trace_id


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
def test_an_api_that_exports_no_traces_runs_no_tracing_middleware(settings: Settings) -> None:
    app = build_http_app(settings, key_settings())
    with TestClient(app) as client:
        assert getattr(app, "_is_instrumented_by_opentelemetry", False) is False
        hire(Api(client), "T2")  # and commands still work without it


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
def test_an_api_given_a_tracer_provider_is_instrumented(
    settings: Settings, spans: InMemorySpanExporter
) -> None:
    app = build_http_app(settings, key_settings())
    with TestClient(app):
        assert getattr(app, "_is_instrumented_by_opentelemetry", False) is True


def parent(span: ReadableSpan) -> int | None:
    return span.parent.span_id if span.parent is not None else None
