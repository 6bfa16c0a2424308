"""The API's observability: /metrics, a latency histogram per route, and OpenTelemetry spans
per request (opentelemetry-instrumentation-fastapi) when traces are exported, installed by the
composition root."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Response

from gateways.observability.instrument import HttpMetricsMiddleware, observe_service
from gateways.observability.metrics import exposition
from gateways.observability.tracing import tracer_provider, tracing_active

METRICS_PATH = "/metrics"
UNTRACED = "healthz,readyz,metrics"
"""Paths whose requests get no span (probes and scrapes would drown the traces)."""

router = APIRouter(tags=["operations"])


@router.get(METRICS_PATH, include_in_schema=False)
def prometheus_metrics() -> Response:
    """The process's metrics in the Prometheus text format (no API key: scrape it inside the
    network, see docs/operations.md)."""
    body, content_type = exposition()
    return Response(content=body, media_type=content_type)


def install_observability(app: FastAPI) -> FastAPI:
    """Serve /metrics, time every request, trace every request, and observe the app's service."""
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

    observe_service(app.state.service)
    app.include_router(router)
    app.add_middleware(HttpMetricsMiddleware, skip=(METRICS_PATH,))
    if tracing_active():  # otherwise its middleware would name and drop a span per request
        FastAPIInstrumentor.instrument_app(
            app, tracer_provider=tracer_provider(), excluded_urls=UNTRACED
        )
    return app
