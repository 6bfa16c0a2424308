"""`mentoring serve` with the standard OTEL_* variables exports its traces over OTLP/HTTP: one
command's spans (HTTP server -> mentoring.handle -> mentoring.store.insert_events) reach a
collector in one trace, and the request's log line carries that trace id."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)
from opentelemetry.proto.trace.v1.trace_pb2 import Span

from tests.support.scraping import free_port, healthy, wait_for


class Collector(ThreadingHTTPServer):
    """An OTLP/HTTP trace receiver keeping every span it is sent."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), CollectorHandler)
        self.spans: list[Span] = []
        self.paths: list[str] = []

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class CollectorHandler(BaseHTTPRequestHandler):
    """POST /v1/traces with an ExportTraceServiceRequest in protobuf."""

    server: Collector

    def do_POST(self) -> None:  # noqa: N802 (the http.server API)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        request = ExportTraceServiceRequest.FromString(body)
        self.server.paths.append(self.path)
        for resource in request.resource_spans:
            for scope in resource.scope_spans:
                self.server.spans.extend(scope.spans)
        answer = ExportTraceServiceResponse().SerializeToString()
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


@pytest.fixture
def collector() -> Iterator[Collector]:
    server = Collector()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def post(url: str, body: dict[str, Any], key: str) -> int:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/json", "X-API-Key": key},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        status: int = response.status
    return status


def test_serve_exports_one_commands_spans_in_one_trace_and_logs_its_trace_id(
    collector: Collector, tmp_path: Path
) -> None:
    port = free_port()
    env = {
        **os.environ,
        "MENTORING_STORE": f"sqlite:///{tmp_path / 'events.db'}",
        "MENTORING_ENVIRONMENT": "development",
        "MENTORING_LOG_FORMAT": "json",
        "OTEL_EXPORTER_OTLP_ENDPOINT": collector.endpoint,
        "OTEL_BSP_SCHEDULE_DELAY": "200",
        "OTEL_SERVICE_NAME": "mentoring-under-test",
    }
    for name in ("OTEL_SDK_DISABLED", "OTEL_TRACES_EXPORTER"):
        env.pop(name, None)
    command = [sys.executable, "-m", "gateways.entrypoints.cli", "serve", "--port", str(port),
               "--no-schedule"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: healthy(base) or server.poll() is not None, what="the API starting")
        assert server.poll() is None
        hired = {"hris_id": "T1", "department": "sales", "job_level": 5, "manager_id": None,
                 "location": "Lisbon", "hired_on": "2024-01-02"}
        assert post(f"{base}/employees", hired, "dev-hris-key") == 201
        wait_for(lambda: [s for s in collector.spans if s.name == "mentoring.store.insert_events"],
                 what="the store span reaching the collector")
    finally:
        server.send_signal(signal.SIGTERM)
        _, stderr = server.communicate(timeout=60)
    [write] = [s for s in collector.spans if s.name == "mentoring.store.insert_events"]
    [handle] = [s for s in collector.spans if s.span_id == write.parent_span_id]
    [http] = [s for s in collector.spans if s.span_id == handle.parent_span_id]
    assert handle.name == "mentoring.handle" and http.kind == Span.SpanKind.SPAN_KIND_SERVER
    assert not http.parent_span_id and http.trace_id == handle.trace_id == write.trace_id
    assert set(collector.paths) == {"/v1/traces"}
    logs = [json.loads(line) for line in stderr.decode().splitlines() if line.startswith("{")]
    [finished] = [entry for entry in logs if entry.get("event") == "request_finished"
                  and entry.get("path") == "/employees"]
    assert finished["trace_id"] == http.trace_id.hex()
