"""The Prometheus metrics of every process, in prometheus-client's default registry.

The API serves them at /metrics; the projector and the HRIS consumer serve them on their own
port (MENTORING_METRICS_PORT, off by default) through ``start_metrics_server``.
"""

from __future__ import annotations

import threading

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    start_http_server,
)

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
SIZE_BUCKETS = (0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000)

COMMANDS = Counter(
    "mentoring_commands",
    "Commands handled by the mentoring service, by command type and outcome "
    "(ok, refused: a business rule said no, error: anything else).",
    ["command", "outcome"],
)
COMMAND_SECONDS = Histogram(
    "mentoring_command_duration_seconds",
    "Time to handle one command, store write included.",
    ["command"],
    buckets=LATENCY_BUCKETS,
)
HTTP_SECONDS = Histogram(
    "mentoring_http_request_duration_seconds",
    "HTTP request latency by method, route template and status code.",
    ["method", "route", "status"],
    buckets=LATENCY_BUCKETS,
)
STORE_WRITE_SECONDS = Histogram(
    "mentoring_store_write_duration_seconds",
    "Time of one atomic write to the event store (the recorder's insert_events).",
    buckets=LATENCY_BUCKETS,
)
STORE_WRITE_EVENTS = Histogram(
    "mentoring_store_write_events",
    "Events per atomic write to the event store (the group size).",
    buckets=SIZE_BUCKETS,
)
STORE_WRITE_FAILURES = Counter(
    "mentoring_store_write_failures", "Writes to the event store that raised.", ["error"]
)
PROJECTOR_LAG_EVENTS = Gauge(
    "mentoring_projector_lag_events", "Events in the log not yet projected (head - position)."
)
PROJECTOR_LAG_SECONDS = Gauge(
    "mentoring_projector_lag_seconds",
    "Seconds since the projector was last caught up with the log (0 while caught up).",
)
PROJECTOR_EVENTS = Counter("mentoring_projector_events", "Events applied by the projector.")
PROJECTOR_POSITION = Gauge("mentoring_projector_position", "The projector's position in the log.")
HRIS_RECORDS = Counter(
    "mentoring_hris_records",
    "HRIS messages handled, by channel (kafka, webhook) and outcome.",
    ["channel", "outcome"],
)
HRIS_CONSUMER_LAG = Gauge(
    "mentoring_hris_consumer_lag",
    "Records of the HRIS topic not yet handled, per partition (high watermark - next offset).",
    ["partition"],
)
DEAD_LETTERS = Counter(
    "mentoring_hris_dead_letters", "HRIS messages sent to the dead-letter topic, by stage.",
    ["stage"],
)
WEBHOOKS_REFUSED = Counter(
    "mentoring_hris_webhooks_refused", "HRIS webhook deliveries refused with 401.", ["source"]
)
SCHEDULER_PASSES = Counter(
    "mentoring_scheduler_passes", "Scheduler passes, by outcome (ok, error).", ["outcome"]
)
SCHEDULER_PASS_SECONDS = Histogram(
    "mentoring_scheduler_pass_duration_seconds", "Time of one scheduler pass.",
    buckets=LATENCY_BUCKETS,
)

_servers: dict[int, object] = {}
_lock = threading.Lock()


def exposition(registry: CollectorRegistry = REGISTRY) -> tuple[bytes, str]:
    """The text exposition of the registry and its content type."""
    return generate_latest(registry), CONTENT_TYPE_LATEST


def start_metrics_server(port: int | None, addr: str = "0.0.0.0") -> bool:
    """Serve /metrics on ``port`` from a daemon thread (once per port); None or 0: don't."""
    if not port:
        return False
    with _lock:
        if port not in _servers:
            _servers[port] = start_http_server(port, addr=addr)
    return True
