"""OpenTelemetry traces: the SDK set up from the standard OTEL_* variables, and log correlation.

Nothing is exported unless OTEL_EXPORTER_OTLP_ENDPOINT (or _TRACES_ENDPOINT) or
OTEL_TRACES_EXPORTER is set: without them the API's no-op tracer costs next to nothing.
OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, OTEL_TRACES_SAMPLER and the exporter's own
variables are read by the SDK itself.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping, MutableMapping
from typing import Any

from opentelemetry import trace
from opentelemetry.trace import Tracer, TracerProvider

INSTRUMENTATION = "mentoring"
_override: TracerProvider | None = None
_configured = False
_lock = threading.Lock()


def tracing_requested(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the standard variables ask for traces to be exported."""
    env = os.environ if environ is None else environ
    if env.get("OTEL_SDK_DISABLED", "").lower() == "true":
        return False
    exporter = env.get("OTEL_TRACES_EXPORTER", "").strip().lower()
    if exporter == "none":
        return False
    return bool(
        exporter
        or env.get("OTEL_EXPORTER_OTLP_ENDPOINT")
        or env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
    )


def configure_tracing(service_name: str, environ: Mapping[str, str] | None = None) -> bool:
    """Install the SDK's tracer provider with a batching exporter, once per process, when the
    OTEL_* variables ask for it. Returns whether traces are exported."""
    global _configured
    env = os.environ if environ is None else environ
    if not tracing_requested(env):
        return False
    with _lock:
        if _configured:
            return True
        from opentelemetry.sdk.resources import OTEL_SERVICE_NAME, Resource
        from opentelemetry.sdk.trace import TracerProvider as SdkTracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor

        resource = Resource.create(
            {} if env.get(OTEL_SERVICE_NAME) else {"service.name": service_name}
        )
        provider = SdkTracerProvider(resource=resource)
        for name in _exporter_names(env):
            provider.add_span_processor(BatchSpanProcessor(_exporter(name)))
        trace.set_tracer_provider(provider)
        _configured = True
    return True


def _exporter_names(env: Mapping[str, str]) -> list[str]:
    names = [n.strip().lower() for n in env.get("OTEL_TRACES_EXPORTER", "otlp").split(",")]
    return [n for n in names if n and n != "none"] or ["otlp"]


def _exporter(name: str) -> Any:
    if name == "console":
        from opentelemetry.sdk.trace.export import ConsoleSpanExporter

        return ConsoleSpanExporter()
    if name != "otlp":
        raise ValueError(f"OTEL_TRACES_EXPORTER: {name} is not supported (otlp, console, none)")
    protocol = os.environ.get("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL") or os.environ.get(
        "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"
    )
    if protocol != "http/protobuf":
        raise ValueError(f"OTEL_EXPORTER_OTLP_PROTOCOL: only http/protobuf is installed, not "
                         f"{protocol}")
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    return OTLPSpanExporter()


def use_tracer_provider(provider: TracerProvider | None) -> None:
    """Trace into ``provider`` instead of the global one (tests); None: back to the global."""
    global _override
    _override = provider


def tracing_active() -> bool:
    """Whether spans go anywhere: the SDK was set up here, or a provider was given
    (``use_tracer_provider``). Without either, the API installs no tracing middleware."""
    return _override is not None or _configured


def tracer_provider() -> TracerProvider:
    """The provider spans go to: the override, else the global one."""
    return _override or trace.get_tracer_provider()


def tracer() -> Tracer:
    """The tracer of the mentoring instrumentation."""
    return trace.get_tracer(INSTRUMENTATION, tracer_provider=tracer_provider())


def add_trace_ids(
    _logger: object, _method: str, event: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """A structlog processor: the current span's trace_id and span_id on each log line."""
    context = trace.get_current_span().get_span_context()
    if context.is_valid:
        event.setdefault("trace_id", format(context.trace_id, "032x"))
        event.setdefault("span_id", format(context.span_id, "016x"))
    return event
