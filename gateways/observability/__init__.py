"""Metrics (Prometheus) and traces (OpenTelemetry) of the processes, wired by the composition
root: nothing in domain/, services/ or projections/ imports them (docs/operations.md)."""
