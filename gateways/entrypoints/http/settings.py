"""Settings of the HTTP gateway, read from MENTORING_* environment variables."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


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
    idempotency_lease_seconds: float = Field(
        default=30.0, gt=0, description="how long a claimed Idempotency-Key counts as in flight"
    )


def load_http_settings() -> HttpSettings:
    """Read the HTTP settings, turning validation failures into one-line ConfigurationErrors."""
    from gateways.settings import read_settings

    return read_settings(HttpSettings)
