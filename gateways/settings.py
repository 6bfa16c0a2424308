"""Configuration from the environment (pydantic-settings): the one place settings are read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

STORE_FORMS = "sqlite:///path/to/events.db, kafka://host:port[,host:port...], or memory://"


class ConfigurationError(ValueError):
    """A setting has a value the system cannot use; the message names the variable."""


@dataclass(frozen=True)
class StoreLocation:
    """Where the event store lives, parsed from MENTORING_STORE."""

    kind: Literal["sqlite", "kafka", "memory"]
    target: str  # file path for sqlite, bootstrap servers for kafka, "" for memory

    @classmethod
    def parse(cls, url: str) -> StoreLocation:
        scheme, sep, rest = url.partition("://")
        if sep and scheme == "memory" and rest == "":
            return cls("memory", "")
        if sep and scheme == "sqlite" and rest.startswith("/") and len(rest) > 1:
            return cls("sqlite", rest[1:])
        if sep and scheme == "kafka" and rest and all(_is_host_port(p) for p in rest.split(",")):
            return cls("kafka", rest)
        raise ConfigurationError(
            f"MENTORING_STORE={url!r} is not understood; accepted forms: {STORE_FORMS}"
        )

    def __str__(self) -> str:
        if self.kind == "memory":
            return "memory://"
        if self.kind == "sqlite":
            return f"sqlite:///{self.target}"
        return f"kafka://{self.target}"


def _is_host_port(text: str) -> bool:
    host, sep, port = text.rpartition(":")
    return bool(sep and host and port.isdigit() and 0 < int(port) < 65536)


class Settings(BaseSettings):
    """Every setting of the system, read from MENTORING_* environment variables."""

    model_config = SettingsConfigDict(env_prefix="MENTORING_", extra="ignore")

    store: str = Field(default="sqlite:///var/mentoring/events.db")
    duckdb: Path = Field(default=Path("var/mentoring/analytics.duckdb"))
    analyst_snapshot: Path | None = Field(
        default=None,
        description="the projector's published read-only snapshot (default: next to duckdb)",
    )
    environment: Literal["development", "production", "test"] = "development"
    log_format: Literal["console", "json", "auto"] = "auto"
    log_level: str = "INFO"
    kafka_topic_prefix: str = "mentoring"
    kafka_replication_factor: int = Field(default=1, ge=1)
    kafka_min_insync_replicas: int = Field(default=1, ge=1)

    @field_validator("store")
    @classmethod
    def _store_is_understood(cls, value: str) -> str:
        StoreLocation.parse(value)
        return value

    @field_validator("analyst_snapshot", mode="before")
    @classmethod
    def _empty_means_default(cls, value: object) -> object:
        return None if value == "" else value

    @property
    def store_location(self) -> StoreLocation:
        return StoreLocation.parse(self.store)

    @property
    def analyst_snapshot_path(self) -> Path:
        """MENTORING_ANALYST_SNAPSHOT, else `<stem>.snapshot<suffix>` beside the DuckDB file."""
        if self.analyst_snapshot is not None:
            return self.analyst_snapshot
        return self.duckdb.with_name(f"{self.duckdb.stem}.snapshot{self.duckdb.suffix}")


SettingsT = TypeVar("SettingsT", bound=BaseSettings)


def read_settings(cls: type[SettingsT]) -> SettingsT:
    """Read a settings class from the environment; a bad value becomes one ConfigurationError
    line naming its variable (with the class's own prefix)."""
    from pydantic import ValidationError

    try:
        return cls()
    except ValidationError as error:
        first = error.errors()[0]
        prefix = str(cls.model_config.get("env_prefix") or "")
        variable = prefix + (str(first["loc"][0]).upper() if first["loc"] else "*")
        cause = first.get("ctx", {}).get("error")
        if isinstance(cause, ConfigurationError):  # already names its variable
            raise ConfigurationError(str(cause)) from None
        raise ConfigurationError(f"{variable}: {cause or first['msg']}") from None


def load_settings() -> Settings:
    """Read the settings, turning validation failures into one-line ConfigurationErrors."""
    return read_settings(Settings)
