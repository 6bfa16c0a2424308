"""Settings of the HRIS ingestion, read from MENTORING_HRIS_* environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from gateways.settings import read_settings

CrashPoint = Literal["before-effect", "after-effect", "after-checkpoint"]


class HrisSettings(BaseSettings):
    """Where the HRIS feed is, where refused messages go, how long parked ones wait."""

    model_config = SettingsConfigDict(env_prefix="MENTORING_HRIS_", extra="ignore")

    bootstrap: str | None = Field(
        default=None, description="the HRIS brokers; default: those of a kafka:// MENTORING_STORE"
    )
    topic: str = "hris.employee-events"
    dlq_topic: str | None = Field(default=None, description="default: `{topic}.dlq`")
    group_id: str = "mentoring-hris-ingest"
    partitions: int = Field(default=1, ge=1, description="partitions when creating the topic")
    park_max_age_seconds: float = Field(
        default=86400.0, gt=0, description="how long a message waits for its employee's hire"
    )
    poll_timeout_ms: int = Field(default=500, ge=10)
    crash_point: CrashPoint | None = Field(
        default=None, description="tests only: os._exit(137) at this point of the crash_after-th"
    )
    crash_after: int = Field(default=1, ge=1)
    webhook_secrets: str | None = Field(
        default=None,
        description="the webhook secrets, `source=secret` pairs separated by commas (a source "
        "named twice accepts both secrets, for rotation); none: every webhook is refused",
        repr=False,
    )
    webhook_secrets_file: Path | None = Field(
        default=None, description="a file of `source=secret` lines, read with webhook_secrets"
    )
    webhook_tolerance_seconds: float = Field(
        default=300.0, gt=0, description="how far a webhook's timestamp may be from now"
    )

    def webhook_secret_text(self) -> str:
        """The configured `source=secret` pairs: the variable's, then the file's."""
        parts = [self.webhook_secrets or ""]
        if self.webhook_secrets_file is not None:
            parts.append(self.webhook_secrets_file.read_text(encoding="utf-8"))
        return "\n".join(parts)

    @property
    def dead_letter_topic(self) -> str:
        """The dead-letter topic: explicit, or the input topic plus `.dlq`."""
        return self.dlq_topic or f"{self.topic}.dlq"


def load_hris_settings() -> HrisSettings:
    """Read the HRIS settings, turning validation failures into one-line ConfigurationErrors."""
    return read_settings(HrisSettings)
