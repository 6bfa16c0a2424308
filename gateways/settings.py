"""Configuration from the environment (pydantic-settings): the one place settings are read."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import Field, SecretStr, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

if TYPE_CHECKING:  # imported when used: kafka-python is not needed to read the settings
    from gateways.stores.kafka.security import KafkaSecurity

SaslMechanism = Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER"]
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
    metrics_port: int | None = Field(
        default=None, ge=0, le=65535,
        description="the projector's and HRIS consumer's /metrics port (none: not served; the "
        "API serves /metrics on its own port)",
    )
    timezone: str = Field(default="UTC", description="the company's time zone: business dates")
    kafka_topic_prefix: str = "mentoring"
    kafka_replication_factor: int = Field(default=1, ge=1)
    kafka_min_insync_replicas: int = Field(default=1, ge=1)
    key_store: str = Field(
        default="",
        description="where the per-person erasure keys live: unset (beside the event store), "
        "sqlite:///<path>, kafka or none (docs/security.md, Erasure)",
    )
    key_store_max_compaction_lag_ms: int = Field(
        default=86_400_000, ge=1,
        description="on Kafka: the longest a destroyed key may stay in the key topic's segments",
    )
    snapshot_interval: int = Field(
        default=100, ge=0,
        description="snapshot long-lived aggregates every N events (0: no snapshots)",
    )
    portal_duckdb: Path | None = Field(
        default=None,
        description="the API's portal read model file (default: beside a SQLite store, or "
        "under MENTORING_KAFKA_STATE_DIR for Kafka; else in memory); ':memory:' for none",
    )
    portal_memory_limit: str = Field(
        default="512MB", description="DuckDB memory limit of the portal read model"
    )
    duckdb_memory_limit: str = Field(
        default="512MB",
        description="DuckDB memory limit of the projector (`mentoring project`, its rebuild)",
    )
    # Security of every Kafka connection (store, HRIS consumer and producers, admin): one set.
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = (
        "PLAINTEXT"
    )
    kafka_ssl_cafile: Path | None = Field(
        default=None, description="CA certificates (PEM) the brokers' certificates must chain to"
    )
    kafka_ssl_certfile: Path | None = Field(default=None, description="client certificate (mTLS)")
    kafka_ssl_keyfile: Path | None = Field(default=None, description="its private key (mTLS)")
    kafka_sasl_mechanism: SaslMechanism | None = None
    kafka_sasl_username: str | None = None
    kafka_sasl_password: SecretStr | None = None
    kafka_sasl_password_file: Path | None = Field(
        default=None, description="a file holding the SASL password (instead of the password)"
    )
    kafka_sasl_oauth_token_url: str | None = Field(
        default=None, description="OIDC token endpoint (client credentials grant) for OAUTHBEARER"
    )
    kafka_sasl_oauth_client_id: str | None = None
    kafka_sasl_oauth_client_secret: SecretStr | None = None
    kafka_sasl_oauth_scope: str | None = None

    @field_validator(
        "kafka_ssl_cafile", "kafka_ssl_certfile", "kafka_ssl_keyfile", "kafka_sasl_mechanism",
        "kafka_sasl_username", "kafka_sasl_password", "kafka_sasl_password_file",
        "kafka_sasl_oauth_token_url", "kafka_sasl_oauth_client_id",
        "kafka_sasl_oauth_client_secret", "kafka_sasl_oauth_scope", mode="before",
    )
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("kafka_security_protocol", "kafka_sasl_mechanism", mode="before")
    @classmethod
    def _upper_case(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _kafka_security_is_consistent(self) -> Settings:
        if self.kafka_sasl_password is not None and self.kafka_sasl_password_file is not None:
            raise ConfigurationError(
                "MENTORING_KAFKA_SASL_PASSWORD and MENTORING_KAFKA_SASL_PASSWORD_FILE are both "
                "set: set one"
            )
        if self.kafka_security_protocol != "PLAINTEXT" or any(
            value is not None for value in self.kafka_client_env().values()
        ):
            self.kafka_security()
        return self

    @field_validator("timezone")
    @classmethod
    def _timezone_is_known(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigurationError(
                f"MENTORING_TIMEZONE={value!r} is not an IANA time zone (e.g. Europe/Paris)"
            ) from None
        return value

    @field_validator("store")
    @classmethod
    def _store_is_understood(cls, value: str) -> str:
        StoreLocation.parse(value)
        return value

    @field_validator("portal_memory_limit", "duckdb_memory_limit")
    @classmethod
    def _memory_limit_is_duckdbs(cls, value: str, info: ValidationInfo) -> str:
        from projections.portal.durable import check_memory_limit

        try:
            return check_memory_limit(value)
        except ValueError as error:
            variable = f"MENTORING_{str(info.field_name).upper()}"
            raise ConfigurationError(f"{variable}: {error}") from None

    @field_validator("analyst_snapshot", mode="before")
    @classmethod
    def _empty_means_default(cls, value: object) -> object:
        return None if value == "" else value

    @property
    def store_location(self) -> StoreLocation:
        return StoreLocation.parse(self.store)

    def kafka_client_env(self) -> dict[str, str | None]:
        """The security settings under the store's eventsourcing keys (KAFKA_SECURITY_PROTOCOL,
        KAFKA_SSL_*, KAFKA_SASL_*), secrets in clear: hand them to clients, never log them."""
        def text(value: object) -> str | None:
            if value is None:
                return None
            return value.get_secret_value() if isinstance(value, SecretStr) else str(value)

        return {
            "KAFKA_SSL_CAFILE": text(self.kafka_ssl_cafile),
            "KAFKA_SSL_CERTFILE": text(self.kafka_ssl_certfile),
            "KAFKA_SSL_KEYFILE": text(self.kafka_ssl_keyfile),
            "KAFKA_SASL_MECHANISM": text(self.kafka_sasl_mechanism),
            "KAFKA_SASL_USERNAME": text(self.kafka_sasl_username),
            "KAFKA_SASL_PASSWORD": text(self.kafka_sasl_password),
            "KAFKA_SASL_PASSWORD_FILE": text(self.kafka_sasl_password_file),
            "KAFKA_SASL_OAUTH_TOKEN_URL": text(self.kafka_sasl_oauth_token_url),
            "KAFKA_SASL_OAUTH_CLIENT_ID": text(self.kafka_sasl_oauth_client_id),
            "KAFKA_SASL_OAUTH_CLIENT_SECRET": text(self.kafka_sasl_oauth_client_secret),
            "KAFKA_SASL_OAUTH_SCOPE": text(self.kafka_sasl_oauth_scope),
        }

    def kafka_security(self) -> KafkaSecurity:
        """The security of every Kafka client, checked (ConfigurationError naming the variable)."""
        from eventsourcing.utils import Environment

        from gateways.stores.kafka.security import KafkaSecurity, SecuritySettingsError

        values = {key: value for key, value in self.kafka_client_env().items() if value}
        values["KAFKA_SECURITY_PROTOCOL"] = self.kafka_security_protocol
        try:
            return KafkaSecurity.from_env(Environment(env=values))
        except SecuritySettingsError as error:
            raise ConfigurationError(re.sub(r"\bKAFKA_", "MENTORING_KAFKA_", str(error))) from None

    def kafka_client_options(self) -> dict[str, Any]:
        """kafka-python's TLS/SASL keyword arguments for any client of the system (HRIS, the
        notification outbox, ...): the same for all, one SSL context and OAuth token shared."""
        from gateways.stores.kafka.security import shared

        return shared(self.kafka_security()).client_kwargs()

    def kafka_security_summary(self) -> str:
        """The security settings for `mentoring config`: secrets masked, never shown."""
        parts: list[str] = [self.kafka_security_protocol]
        if self.kafka_security_protocol in ("SSL", "SASL_SSL"):
            parts.append(f"ca={self.kafka_ssl_cafile or 'system'}")
            if self.kafka_ssl_certfile:
                parts.append(f"client-cert={self.kafka_ssl_certfile}")
        if self.kafka_security_protocol.startswith("SASL"):
            parts.append(str(self.kafka_sasl_mechanism))
            if self.kafka_sasl_mechanism == "OAUTHBEARER":
                parts.append(f"client={self.kafka_sasl_oauth_client_id} secret=**********")
                parts.append(f"token-url={self.kafka_sasl_oauth_token_url}")
            else:
                secret = (
                    f"password-file={self.kafka_sasl_password_file}"
                    if self.kafka_sasl_password_file
                    else "password=**********"
                )
                parts.append(f"user={self.kafka_sasl_username} {secret}")
        return " ".join(parts)

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
