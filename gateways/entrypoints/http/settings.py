"""Settings of the HTTP gateway, read from MENTORING_* environment variables."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from gateways.entrypoints.http.cpu_affinity import CpuChoice, parse_cpus

COMMANDS_IN_FLIGHT = 32
"""The default limit of commands one process runs at once: enough to keep the store's group
commits full, few enough that a command waits at most about 32 commands' time (at 128 clients
the acknowledged p99 stayed near 500 ms on the 2-core machine, against 1 s at 64:
docs/benchmarks.md)."""


DEFAULT_COMMAND_THREADS = {"sqlite": 4, "kafka": 16}
"""The default number of threads commands run in at once, by store: SQLite's writes queue for
its one write lock and its connection pool (more threads only contend: 148 commands/s at 4
threads, 109 at 40, 32 clients), Kafka's group commits fill from the concurrent commands."""


class HttpSettings(BaseSettings):
    """API keys, readiness bounds and idempotency timing of the command API."""

    model_config = SettingsConfigDict(env_prefix="MENTORING_", extra="ignore")

    api_keys: str | None = Field(
        default=None, description='JSON {"role": ["sha256 hex", ...]} of the accepted API keys'
    )
    api_keys_file: Path | None = Field(
        default=None, description="a file of API key hashes (JSON as above, or `role hash` lines)"
    )
    readyz_max_lag: int = Field(default=1000, ge=0, description="events a projection may lag")
    readyz_snapshot: Path | None = Field(
        default=None, description="the projector's published snapshot; /readyz checks its lag"
    )
    serve_ingests_hris: bool = Field(
        default=False,
        description="run the HRIS ingestion in the API process (`mentoring serve --ingest-hris`)",
    )
    serve_schedules: bool = Field(
        default=False,
        description="run the scheduler in the API process (`mentoring serve` unless --no-schedule)",
    )
    idempotency_lease_seconds: float = Field(
        default=30.0, gt=0, description="how long a claimed Idempotency-Key counts as in flight"
    )
    idempotency_key_ttl: timedelta = Field(
        default=timedelta(hours=24),
        description="how long an Idempotency-Key is remembered (seconds or ISO 8601, e.g. PT24H)",
    )
    http_max_commands_in_flight: int = Field(
        default=COMMANDS_IN_FLIGHT, ge=1,
        description="commands run at once; beyond it the API answers 503",
    )
    http_command_threads: int | None = Field(
        default=None, ge=1,
        description="threads commands run in at once (default: 4 on SQLite, 16 on Kafka)",
    )

    http_cpus: str = Field(
        default="auto",
        description="the CPUs serve runs on: auto (one CPU for a single process), all, or a "
        "list such as 1 or 0-2,4",
    )

    @field_validator("http_cpus")
    @classmethod
    def cpu_choice(cls, value: str) -> str:
        """auto, all or a CPU list."""
        parse_cpus(value)
        return value

    @property
    def cpus(self) -> CpuChoice:
        """The CPUs serve runs on, read (``http_cpus``)."""
        return parse_cpus(self.http_cpus)

    def command_threads(self, store_kind: str) -> int | None:
        """The threads commands run in on a store of this kind: the setting, else the store's
        default (None: AnyIO's own pool)."""
        return self.http_command_threads or DEFAULT_COMMAND_THREADS.get(store_kind)

    @field_validator("idempotency_key_ttl", mode="before")
    @classmethod
    def seconds_or_iso_duration(cls, value: object) -> object:
        """A number of seconds ("86400") or an ISO 8601 duration ("PT24H", "P1D")."""
        if isinstance(value, str):
            try:
                return timedelta(seconds=float(value))
            except ValueError:
                return value
        return value

    @field_validator("idempotency_key_ttl")
    @classmethod
    def positive(cls, value: timedelta) -> timedelta:
        if value <= timedelta(0):
            raise ValueError("the time to live of an Idempotency-Key must be positive")
        return value


def load_http_settings() -> HttpSettings:
    """Read the HTTP settings, turning validation failures into one-line ConfigurationErrors."""
    from gateways.settings import read_settings

    return read_settings(HttpSettings)
