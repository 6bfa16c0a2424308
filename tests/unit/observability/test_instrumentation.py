"""The wrappers the composition root puts around the service, the recorder, the scheduler,
the HRIS ingestion and the projector's progress; the metrics server; log correlation."""

from __future__ import annotations

import socket
import urllib.request
from dataclasses import dataclass, field
from typing import Any

import pytest
from opentelemetry.sdk.trace import TracerProvider
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from domain.errors import DomainError
from gateways.observability import metrics
from gateways.observability.instrument import (
    ProjectorLag,
    observe_dead_letters,
    observe_scheduler,
    observe_service,
    record_consumer_lag,
)
from gateways.observability.tracing import add_trace_ids, tracing_requested
from projections.catch_up import Progress


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


class Refused(DomainError):
    rule = "test-refused"


@dataclass
class Command:
    name: str = "do_it"

    def type_name(self) -> str:
        return self.name


@dataclass
class Recorder:
    writes: list[int] = field(default_factory=list)

    def insert_events(self, events: list[Any], **kwargs: Any) -> None:
        self.writes.append(len(events))


class Service:
    def __init__(self) -> None:
        self.recorder = Recorder()

    def handle(self, command: Command) -> str:
        if command.name == "refuse":
            raise Refused("no")
        if command.name == "break":
            raise RuntimeError("bug")
        self.recorder.insert_events([1, 2, 3])
        return "done"


def test_commands_are_counted_by_type_and_outcome_and_writes_timed() -> None:
    service = observe_service(observe_service(Service()))  # wrapped once, however often asked
    before = {o: sample("mentoring_commands_total", command=n, outcome=o)
              for n, o in (("do_it", "ok"), ("refuse", "refused"), ("break", "error"))}
    writes = sample("mentoring_store_write_events_count")
    sizes = sample("mentoring_store_write_events_sum")
    assert service.handle(Command()) == "done"
    with pytest.raises(Refused):
        service.handle(Command("refuse"))
    with pytest.raises(RuntimeError):
        service.handle(Command("break"))
    assert sample("mentoring_commands_total", command="do_it", outcome="ok") == before["ok"] + 1
    assert sample("mentoring_commands_total", command="refuse", outcome="refused") == \
        before["refused"] + 1
    assert sample("mentoring_commands_total", command="break", outcome="error") == \
        before["error"] + 1
    assert sample("mentoring_store_write_events_count") == writes + 1
    assert sample("mentoring_store_write_events_sum") == sizes + 3


def test_scheduler_passes_are_counted_by_outcome() -> None:
    class Scheduler:
        fail = False

        def run_once(self) -> str:
            if self.fail:
                raise OSError("away")
            return "report"

    scheduler = observe_scheduler(Scheduler())
    ok, error = (sample("mentoring_scheduler_passes_total", outcome=o) for o in ("ok", "error"))
    assert scheduler.run_once() == "report"
    scheduler.fail = True
    with pytest.raises(OSError):
        scheduler.run_once()
    assert sample("mentoring_scheduler_passes_total", outcome="ok") == ok + 1
    assert sample("mentoring_scheduler_passes_total", outcome="error") == error + 1


def test_dead_letters_are_counted_by_stage() -> None:
    @dataclass
    class Letter:
        stage: str

    class DeadLetters:
        sent: list[Letter] = []

        def send(self, letter: Letter) -> None:
            self.sent.append(letter)

    letters = observe_dead_letters(DeadLetters())
    before = sample("mentoring_hris_dead_letters_total", stage="malformed")
    letters.send(Letter("malformed"))
    assert sample("mentoring_hris_dead_letters_total", stage="malformed") == before + 1
    assert len(letters.sent) == 1


def test_consumer_lag_is_the_high_watermark_minus_the_next_offset() -> None:
    @dataclass(frozen=True)
    class Partition:
        partition: int

    class Client:
        def highwater(self, tp: Partition) -> int | None:
            return {0: 10, 1: None}[tp.partition]

    class Consumer:
        consumer = Client()
        next_offsets = {Partition(0): 7, Partition(1): 3}

    record_consumer_lag(Consumer())
    assert sample("mentoring_hris_consumer_lag", partition="0") == 3


def test_projector_lag_in_events_and_seconds() -> None:
    now = [100.0]
    seen: list[Progress] = []
    lag = ProjectorLag(seen.append, clock=lambda: now[0])
    now[0] = 130.0
    lag(Progress(position=50, head=200, events=50, events_per_second=1.0, caught_up=False))
    assert sample("mentoring_projector_lag_events") == 150
    assert sample("mentoring_projector_lag_seconds") == 30.0
    lag(Progress(position=200, head=200, events=200, events_per_second=1.0, caught_up=True))
    assert (sample("mentoring_projector_lag_events"), sample("mentoring_projector_lag_seconds")) \
        == (0, 0)
    assert len(seen) == 2


def test_the_metrics_server_of_a_background_process_serves_the_text_format() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert not metrics.start_metrics_server(None)
    assert metrics.start_metrics_server(port, addr="127.0.0.1")
    assert metrics.start_metrics_server(port, addr="127.0.0.1")  # once per port
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        text = response.read().decode()
    names = {family.name for family in text_string_to_metric_families(text)}
    assert {"mentoring_projector_lag_events", "mentoring_hris_consumer_lag",
            "mentoring_commands", "mentoring_scheduler_passes"} <= names


@pytest.mark.parametrize(("env", "requested"), [
    ({}, False),
    ({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}, True),
    ({"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://collector:4318/v1/traces"}, True),
    ({"OTEL_TRACES_EXPORTER": "console"}, True),
    ({"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318"}, False),
    ({"OTEL_SDK_DISABLED": "true", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318"}, False),
])
def test_traces_are_exported_only_when_the_standard_variables_ask(
    env: dict[str, str], requested: bool
) -> None:
    assert tracing_requested(env) is requested


def test_log_lines_carry_the_current_trace_and_span_ids() -> None:
    assert add_trace_ids(None, "info", {"event": "x"}) == {"event": "x"}
    tracer = TracerProvider().get_tracer("test")
    with tracer.start_as_current_span("work") as span:
        line = add_trace_ids(None, "info", {"event": "x"})
    context = span.get_span_context()
    assert line["trace_id"] == format(context.trace_id, "032x")
    assert line["span_id"] == format(context.span_id, "016x")


def test_the_sdk_exports_when_the_standard_variables_say_so() -> None:
    """In a child process: configure_tracing installs the SDK, and spans reach the exporter."""
    import os
    import subprocess
    import sys

    script = (
        "from opentelemetry import trace\n"
        "from gateways.observability.tracing import configure_tracing, tracer\n"
        "assert configure_tracing('mentoring-test')\n"
        "with tracer().start_as_current_span('configured-span'): pass\n"
        "trace.get_tracer_provider().force_flush()\n"
    )
    env = {**os.environ, "OTEL_TRACES_EXPORTER": "console"}
    for name in ("OTEL_SDK_DISABLED", "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES"):
        env.pop(name, None)
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                          text=True, timeout=60, check=True)
    assert '"name": "configured-span"' in done.stdout
    assert '"service.name": "mentoring-test"' in done.stdout
