"""Instrumentation wrapped around the application's objects by the composition root.

The services import no framework: the service's ``handle`` and its recorder's
``insert_events`` are wrapped here, on the instance, with a metric and a span each. Each
wrapper is installed at most once per object.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from opentelemetry.trace import Status, StatusCode
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateways.observability import metrics
from gateways.observability.tracing import tracer

_MARK = "_mentoring_observed"


def _once(owner: Any, attribute: str) -> bool:
    """True the first time ``owner.attribute`` is to be wrapped."""
    marks: set[str] = owner.__dict__.setdefault(_MARK, set())
    if attribute in marks:
        return False
    marks.add(attribute)
    return True


def command_outcome(error: BaseException | None) -> str:
    """ok, refused (a business rule said no) or error."""
    if error is None:
        return "ok"
    from domain.errors import DomainError

    return "refused" if isinstance(error, DomainError) else "error"


def observe_service(service: Any) -> Any:
    """Count and time ``service.handle`` by command type and outcome, in a span; and observe
    its recorder's writes (``observe_recorder``). Returns the service."""
    observe_recorder(service.recorder)
    if not _once(service, "handle"):
        return service
    handle = service.handle

    @functools.wraps(handle)
    def observed_handle(command: Any) -> Any:
        name = command.type_name() if hasattr(command, "type_name") else type(command).__name__
        began = time.perf_counter()
        with tracer().start_as_current_span(
            "mentoring.handle", attributes={"mentoring.command": name},
            record_exception=False, set_status_on_exception=False,
        ) as span:
            error: BaseException | None = None
            try:
                return handle(command)
            except BaseException as raised:
                error = raised
                outcome = command_outcome(raised)
                span.set_attribute("mentoring.outcome", outcome)
                if outcome == "error":
                    span.record_exception(raised)
                    span.set_status(Status(StatusCode.ERROR, type(raised).__name__))
                raise
            finally:
                metrics.COMMANDS.labels(name, command_outcome(error)).inc()
                metrics.COMMAND_SECONDS.labels(name).observe(time.perf_counter() - began)

    service.handle = observed_handle
    return service


def observe_recorder(recorder: Any) -> Any:
    """Time each ``insert_events`` (one atomic write) and record its group size, in a span."""
    if not _once(recorder, "insert_events"):
        return recorder
    insert_events = recorder.insert_events

    @functools.wraps(insert_events)
    def observed_insert_events(stored_events: Any, *args: Any, **kwargs: Any) -> Any:
        size = len(stored_events) if hasattr(stored_events, "__len__") else 0
        began = time.perf_counter()
        with tracer().start_as_current_span(
            "mentoring.store.insert_events", attributes={"mentoring.events": size}
        ):
            try:
                return insert_events(stored_events, *args, **kwargs)
            except BaseException as error:
                metrics.STORE_WRITE_FAILURES.labels(type(error).__name__).inc()
                raise
            finally:
                metrics.STORE_WRITE_SECONDS.observe(time.perf_counter() - began)
                metrics.STORE_WRITE_EVENTS.observe(size)

    recorder.insert_events = observed_insert_events
    return recorder


# --- the HRIS ingestion ---------------------------------------------------------------------


def observe_hris(ingestion: Any) -> Any:
    """Count the records the ingestion handles by outcome, its dead letters by stage, and its
    consumer lag per partition (from the consumer's high watermarks, after each round)."""
    ingestor, consumer = ingestion.ingestor, ingestion.consumer
    observe_service(ingestor.service)
    if _once(ingestor, "handle"):
        handle = ingestor.handle

        @functools.wraps(handle)
        def observed_handle(record: Any) -> str:
            outcome: str = handle(record)
            metrics.HRIS_RECORDS.labels("kafka", outcome).inc()
            return outcome

        ingestor.handle = observed_handle
    observe_dead_letters(ingestion.dead_letters)
    if _once(consumer, "commit"):
        commit = consumer.commit

        @functools.wraps(commit)
        def observed_commit(*args: Any, **kwargs: Any) -> Any:
            result = commit(*args, **kwargs)
            record_consumer_lag(consumer)
            return result

        consumer.commit = observed_commit
    return ingestion


def observe_dead_letters(dead_letters: Any) -> Any:
    """Count each dead letter sent, by stage (malformed, rejected, expired)."""
    if _once(dead_letters, "send"):
        send = dead_letters.send

        @functools.wraps(send)
        def observed_send(letter: Any, *args: Any, **kwargs: Any) -> Any:
            result = send(letter, *args, **kwargs)
            metrics.DEAD_LETTERS.labels(str(getattr(letter, "stage", "unknown"))).inc()
            return result

        dead_letters.send = observed_send
    return dead_letters


def record_consumer_lag(consumer: Any) -> None:
    """Set the lag gauge of each assigned partition whose high watermark is known."""
    client = getattr(consumer, "consumer", None)
    offsets: Mapping[Any, int] = getattr(consumer, "next_offsets", {}) or {}
    if client is None or not hasattr(client, "highwater"):
        return
    for partition, next_offset in offsets.items():
        high = client.highwater(partition)
        if high is not None:
            number = getattr(partition, "partition", partition)
            metrics.HRIS_CONSUMER_LAG.labels(str(number)).set(max(high - next_offset, 0))


# --- the scheduler and the projector --------------------------------------------------------


def observe_scheduler(scheduler: Any) -> Any:
    """Count and time each scheduler pass by outcome."""
    if _once(scheduler, "run_once"):
        run_once = scheduler.run_once

        @functools.wraps(run_once)
        def observed_run_once() -> Any:
            began = time.perf_counter()
            outcome = "error"
            try:
                result = run_once()
                outcome = "ok"
                return result
            finally:
                metrics.SCHEDULER_PASSES.labels(outcome).inc()
                metrics.SCHEDULER_PASS_SECONDS.observe(time.perf_counter() - began)

        scheduler.run_once = observed_run_once
    return scheduler


class ProjectorLag:
    """A projector progress callback setting the lag gauges, then calling the next one."""

    def __init__(
        self, then: Callable[[Any], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.then = then
        self.clock = clock
        self.caught_up_at = clock()
        self._events = 0

    def __call__(self, progress: Any) -> None:
        position, head = progress.position or 0, progress.head or 0
        metrics.PROJECTOR_POSITION.set(position)
        metrics.PROJECTOR_LAG_EVENTS.set(max(head - position, 0))
        metrics.PROJECTOR_EVENTS.inc(max(progress.events - self._events, 0))
        self._events = progress.events
        now = self.clock()
        if progress.caught_up or head <= position:
            self.caught_up_at = now
        metrics.PROJECTOR_LAG_SECONDS.set(now - self.caught_up_at)
        if self.then is not None:
            self.then(progress)


# --- HTTP -----------------------------------------------------------------------------------


class HttpMetricsMiddleware:
    """A histogram of request latency by method, route template (never the raw path: bounded
    labels) and status."""

    def __init__(self, app: ASGIApp, skip: Iterable[str] = ("/metrics",)) -> None:
        self.app = app
        self.skip = frozenset(skip)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") in self.skip:
            await self.app(scope, receive, send)
            return
        began = time.perf_counter()
        status = {"code": 500}

        async def send_status(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            labels = (scope.get("method", ""), template, str(status["code"]))
            metrics.HTTP_SECONDS.labels(*labels).observe(time.perf_counter() - began)
