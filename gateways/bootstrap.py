"""The composition root: the one place that turns Settings into wired, connected objects.

Nothing here runs at import time; callers ask for what they need.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from gateways.entrypoints.http.settings import COMMANDS_IN_FLIGHT
from gateways.settings import ConfigurationError, Settings, StoreLocation

if TYPE_CHECKING:  # the wiring imports what it wires only when asked: a CLI starts fast
    from fastapi import FastAPI

    from gateways.background import BackgroundLoop
    from gateways.entrypoints.hris.background import BackgroundIngestion
    from gateways.entrypoints.hris.loop import HrisIngestion
    from gateways.entrypoints.hris.publish import HrisPublisher
    from gateways.entrypoints.hris.settings import HrisSettings
    from gateways.entrypoints.http.app import ApiDependencies
    from gateways.entrypoints.http.auth.keys import KeyRing
    from gateways.entrypoints.http.health import ReadinessProbes
    from gateways.entrypoints.http.idempotency.ledger import IdempotencyLedger
    from gateways.entrypoints.http.routers.webhooks import WebhookAuthenticator
    from gateways.entrypoints.http.settings import HttpSettings
    from gateways.entrypoints.scheduler.runner import BackgroundScheduler
    from gateways.read_side import AnalyticsSession
    from projections.portal.follower import PortalReadModel
    from services.mentoring import MentoringService

KAFKA_PERSISTENCE_MODULE = "gateways.stores.kafka"


def persistence_env(settings: Settings) -> dict[str, str]:
    """The eventsourcing environment (PERSISTENCE_MODULE and friends) for the configured store,
    with the mapper that seals private fields under per-person keys (MENTORING_KEY_STORE)."""
    from gateways.erasure.wiring import erasure_env

    return {
        **store_env(settings.store_location, settings), **kafka_client_env(settings),
        **erasure_env(settings), **snapshot_env(settings),
    }


STREAMING_RECORDER = "gateways.stores.kafka.recorders:KafkaStreamingRecorder"


def streaming_reader_env(settings: Settings) -> dict[str, str]:
    """The environment of a process that only reads the log in order (the projector, replay).

    On Kafka its recorder opens no index: it starts from its tracked position after a few
    fetches (a bisection of the topic), whatever the log's length (issue 14).
    """
    env = persistence_env(settings)
    if settings.store_location.kind == "kafka":
        env["APPLICATION_RECORDER_TOPIC"] = STREAMING_RECORDER
    return env


def snapshot_env(settings: Settings) -> dict[str, str]:
    """The snapshot interval (MENTORING_SNAPSHOT_INTERVAL), also under the application-prefixed
    key, which the application reads first (see ``store_env``)."""
    interval = str(settings.snapshot_interval)
    return {"SNAPSHOT_INTERVAL": interval, "MENTORING_SNAPSHOT_INTERVAL": interval}


def kafka_client_env(settings: Settings) -> dict[str, str]:
    """The Kafka security settings (MENTORING_KAFKA_SECURITY_PROTOCOL, ..._SSL_*, ..._SASL_*)
    under the store's eventsourcing keys, for a kafka:// store (empty otherwise).

    Each is also given under the "MENTORING_"-prefixed key, which the application named
    "mentoring" reads first (see ``store_env``). Secrets are in clear: never log this.
    """
    if settings.store_location.kind != "kafka":
        return {}
    values = {
        "KAFKA_SECURITY_PROTOCOL": settings.kafka_security_protocol,
        **{key: value for key, value in settings.kafka_client_env().items() if value},
    }
    return {**values, **{f"MENTORING_{key}": value for key, value in values.items()}}


def store_env(location: StoreLocation, settings: Settings) -> dict[str, str]:
    """Map a store location to the eventsourcing persistence settings it needs.

    On Kafka the topic prefix is also given under the application-name-prefixed key: the
    eventsourcing application named "mentoring" reads ``MENTORING_KAFKA_TOPIC_PREFIX`` before
    ``KAFKA_TOPIC_PREFIX``, and merges ``os.environ`` in, so a ``MENTORING_KAFKA_TOPIC_PREFIX``
    set in the environment would otherwise win over the prefix these settings chose (as the
    demo's fresh per-run prefix).
    """
    if location.kind == "memory":
        return {"PERSISTENCE_MODULE": "eventsourcing.popo"}
    if location.kind == "sqlite":
        return {
            "PERSISTENCE_MODULE": "gateways.stores.sqlite",
            "SQLITE_DBNAME": location.target,
            "SQLITE_LOCK_TIMEOUT": "10",
        }
    return {
        "PERSISTENCE_MODULE": KAFKA_PERSISTENCE_MODULE,
        "KAFKA_BOOTSTRAP_SERVERS": location.target,
        "KAFKA_TOPIC_PREFIX": settings.kafka_topic_prefix,
        "MENTORING_KAFKA_TOPIC_PREFIX": settings.kafka_topic_prefix,
        "KAFKA_REPLICATION_FACTOR": str(settings.kafka_replication_factor),
        "KAFKA_MIN_INSYNC_REPLICAS": str(settings.kafka_min_insync_replicas),
    }


# --- the command API ------------------------------------------------------------------------


def idempotency_env(settings: Settings) -> dict[str, str]:
    """The store of the HTTP Idempotency-Key ledger: the configured store, kept apart.

    On SQLite it is a sibling file, so the mentoring event log holds only mentoring events;
    on Kafka and in memory the application name ("HttpIdempotency") keeps it apart.
    """
    env = persistence_env(settings)
    location = settings.store_location
    if location.kind == "sqlite" and location.target != ":memory:":
        events = Path(location.target)
        env["SQLITE_DBNAME"] = str(events.with_name(events.stem + ".idempotency" + events.suffix))
    return env


@dataclass
class HttpContainer:
    """What the command API runs on: the service, the key ledger, the keys, the probes."""

    service: MentoringService
    ledger: IdempotencyLedger
    key_ring: KeyRing
    readiness: ReadinessProbes
    hris: BackgroundIngestion | None = None
    scheduler: BackgroundScheduler | None = None
    portal: PortalReadModel | None = None
    """The portal's read side, followed in this process from its start (docs/portal.md)."""
    max_commands_in_flight: int = COMMANDS_IN_FLIGHT
    """Beyond this many commands running at once the API answers 503 (MENTORING_HTTP_MAX_...)."""
    command_threads: int | None = None
    """Threads commands run in at once (MENTORING_HTTP_COMMAND_THREADS; None: AnyIO's pool)."""

    def start(self) -> None:
        """Start the portal's read side, and the HRIS ingestion and scheduler threads when this
        process runs them."""
        for part in self._beside_the_api():
            part.start()

    def close(self) -> None:
        """Stop the scheduler, the ingestion and the portal, then close both applications'
        stores."""
        for part in reversed(self._beside_the_api()):
            part.stop()
        self.service.close()
        self.ledger.close()

    def _beside_the_api(self) -> list[BackgroundLoop | PortalReadModel]:
        """What this process runs beside the API, in the order it starts."""
        return [part for part in (self.portal, self.hris, self.scheduler) if part is not None]


def build_http_container(settings: Settings, http: HttpSettings | None = None) -> HttpContainer:
    """Connect the mentoring service and the idempotency ledger to the configured store."""
    from gateways.entrypoints.hris.background import BackgroundIngestion
    from gateways.entrypoints.hris.settings import load_hris_settings
    from gateways.entrypoints.http.auth.loading import load_key_ring
    from gateways.entrypoints.http.health import ReadinessProbes
    from gateways.entrypoints.http.idempotency.ledger import IdempotencyLedger
    from gateways.entrypoints.http.projection_probe import snapshot_position
    from gateways.entrypoints.http.settings import HttpSettings
    from services.mentoring import MentoringService

    http = http or HttpSettings()
    key_ring = load_key_ring(http, settings.environment)
    hris: BackgroundIngestion | None = None
    if http.serve_ingests_hris:
        # One service for both: on Kafka the application's single writer is this process.
        service = MentoringService(env=hris_service_env(settings))
        hris = BackgroundIngestion(build_hris_ingestion(settings, load_hris_settings(), service))
    else:
        service = MentoringService(env=persistence_env(settings))
    ledger = IdempotencyLedger(env=idempotency_env(settings))
    ledger.lease = timedelta(seconds=http.idempotency_lease_seconds)
    ledger.ttl = http.idempotency_key_ttl
    snapshot = http.readyz_snapshot
    readiness = ReadinessProbes(
        store_head=service.recorder.max_notification_id,
        projection_position=snapshot_position(snapshot) if snapshot else None,
        max_lag=http.readyz_max_lag,
    )
    scheduler = build_background_scheduler(settings, service) if http.serve_schedules else None
    return HttpContainer(
        service, ledger, key_ring, readiness, hris, scheduler,
        build_portal_read_model(service, settings),
        max_commands_in_flight=http.http_max_commands_in_flight,
        command_threads=http.command_threads(settings.store_location.kind),
    )


def build_webhook_authenticator(hris: HrisSettings) -> WebhookAuthenticator:
    """The HRIS webhooks' secrets per source and timestamp tolerance (MENTORING_HRIS_WEBHOOK_*)."""
    from gateways.entrypoints.http.routers.webhooks import WebhookAuthenticator, parse_secrets

    try:
        secrets = parse_secrets(hris.webhook_secret_text())
    except (OSError, ValueError) as error:
        raise ConfigurationError(f"MENTORING_HRIS_WEBHOOK_SECRETS: {error}") from None
    return WebhookAuthenticator(secrets, hris.webhook_tolerance_seconds)


def build_portal_read_model(
    service: MentoringService, settings: Settings | None = None
) -> PortalReadModel:
    """The portal's read side: the projector following the service's own log into an
    in-process DuckDB (a file kept across restarts: ``portal_duckdb_path``), told of every
    position the service writes (docs/portal.md)."""
    from projections.portal.follower import PortalReadModel

    path = ":memory:" if settings is None else portal_duckdb_path(settings)
    limit = None if settings is None else settings.portal_memory_limit
    model = PortalReadModel(service.recorder, service.mapper, path, memory_limit=limit)
    model.track(service)
    return model


def portal_duckdb_path(settings: Settings) -> str:
    """MENTORING_PORTAL_DUCKDB; else ``<stem>.portal.duckdb`` beside a SQLite store, or
    ``<prefix>.portal.duckdb`` under MENTORING_KAFKA_STATE_DIR for a Kafka store; else memory."""
    if settings.portal_duckdb is not None:
        return str(settings.portal_duckdb)
    location = settings.store_location
    if location.kind == "sqlite" and location.target != ":memory:":
        events = Path(location.target)
        return str(events.with_name(f"{events.stem}.portal.duckdb"))
    if location.kind == "kafka":
        from gateways.stores.kafka.config import KafkaStateSettings

        state_dir = KafkaStateSettings().state_dir
        if state_dir is not None:
            return str(state_dir / f"{settings.kafka_topic_prefix}.portal.duckdb")
    return ":memory:"


def build_background_scheduler(
    settings: Settings, service: MentoringService
) -> BackgroundScheduler:
    """The scheduler thread of the API process, sharing its service (on Kafka: the writer)."""
    from gateways.entrypoints.scheduler.runner import BackgroundScheduler
    from gateways.entrypoints.scheduler.wiring import build_scheduler
    from gateways.observability.instrument import observe_scheduler

    return BackgroundScheduler(observe_scheduler(build_scheduler(settings, service)))


def build_http_app(settings: Settings, http: HttpSettings | None = None) -> FastAPI:
    """The command API on the configured store (analytics read the analyst snapshot)."""
    return http_app_over(settings, lambda: build_http_container(settings, http))


def http_app_over(settings: Settings, container: Callable[[], ApiDependencies]) -> FastAPI:
    """The command API over the container ``container`` builds (once tracing is configured,
    so the parts it builds find their tracer), with the webhooks, observability and clock
    of ``settings``."""
    from gateways.entrypoints.hris.settings import load_hris_settings
    from gateways.entrypoints.http.app import create_app
    from gateways.entrypoints.scheduler.runner import Clock
    from gateways.observability.http import install_observability
    from gateways.observability.tracing import configure_tracing

    configure_tracing("mentoring-api")
    app = create_app(container())
    app.state.webhooks = build_webhook_authenticator(load_hris_settings())
    install_observability(app)  # /metrics, request latency, spans (docs/operations.md)
    app.state.analyst_snapshot = settings.analyst_snapshot_path
    app.state.clock = Clock(settings.timezone)  # "today" of the routes that must not be told
    return app


# --- audit and replay -----------------------------------------------------------------------


def build_audit_service(settings: Settings) -> MentoringService:
    """The mentoring application on the configured store, for audits (reads its log only)."""
    from services.mentoring import MentoringService

    return MentoringService(env=persistence_env(settings))


# --- the demo -------------------------------------------------------------------------------


def demo_persistence_env(settings: Settings) -> dict[str, str]:
    """The store `mentoring demo` writes to: the configured one, where SQLite commits relaxed.

    SQLite runs with ``synchronous=NORMAL`` (gateways.stores.sqlite.relaxed): safe against a crash
    of the process, and fast enough to send the demo's commands one transaction each. The
    demo is the only writer, so an aggregate cache (updated on save, copied on read, never
    fast-forwarded from the store) is safe.
    """
    env = persistence_env(settings)
    env["AGGREGATE_CACHE_MAXSIZE"] = "100000"
    env["AGGREGATE_CACHE_FASTFORWARD"] = "n"
    if settings.store_location.kind == "sqlite":
        from gateways.stores.sqlite.relaxed import TOPIC

        env["PERSISTENCE_MODULE"] = TOPIC
    return env


def build_demo_service(settings: Settings) -> MentoringService:
    """The mentoring service on the demo's store."""
    from services.mentoring import MentoringService

    return MentoringService(env=demo_persistence_env(settings))


# --- HRIS ingestion -------------------------------------------------------------------------


def hris_service_env(settings: Settings) -> dict[str, str]:
    """The store of the ingesting service: its recorder writes each record's position too."""
    from gateways.entrypoints.hris.recorders import RECORDER_TOPICS

    location = settings.store_location
    if location.kind == "memory":
        raise ConfigurationError(
            "HRIS ingestion needs a durable MENTORING_STORE (sqlite:// or kafka://): "
            "its positions must survive a restart"
        )
    recorder = RECORDER_TOPICS[location.kind]
    return {**persistence_env(settings), "APPLICATION_RECORDER_TOPIC": recorder}


def hris_bootstrap(settings: Settings, hris: HrisSettings) -> str:
    """The HRIS brokers: MENTORING_HRIS_BOOTSTRAP, else those of a kafka:// store."""
    if hris.bootstrap:
        return hris.bootstrap
    if settings.store_location.kind == "kafka":
        return settings.store_location.target
    raise ConfigurationError(
        "MENTORING_HRIS_BOOTSTRAP: required unless MENTORING_STORE is kafka://"
    )


def build_hris_ingestion(
    settings: Settings, hris: HrisSettings, service: MentoringService | None = None
) -> HrisIngestion:
    """The HRIS consumer writing into the configured store, its topics created if missing.

    Pass ``service`` to share one (built with ``hris_service_env``) with another gateway, e.g.
    the command API on a Kafka store, whose single writer must not be split over processes.
    Consumer-group offsets mirror the recorded positions, for monitoring only, once per round
    of records: in a transaction of the store's writer when the store is Kafka on the same
    brokers as the HRIS topic, otherwise through the consumer.
    """
    from gateways.entrypoints.hris.consumer import HrisConsumer, committed_in_store
    from gateways.entrypoints.hris.deadletter import KafkaDeadLetters
    from gateways.entrypoints.hris.desk import ParkingDesk
    from gateways.entrypoints.hris.faults import Faults
    from gateways.entrypoints.hris.ingestor import Ingestor
    from gateways.entrypoints.hris.kafka_clients import (
        ensure_topics,
        hris_consumer,
        reliable_producer,
    )
    from gateways.entrypoints.hris.loop import HrisIngestion
    from services.mentoring import MentoringService

    bootstrap = hris_bootstrap(settings, hris)
    topics = [hris.topic, hris.dead_letter_topic]
    ensure_topics(bootstrap, topics, hris.partitions, settings.kafka_replication_factor)
    service = service or MentoringService(env=hris_service_env(settings))
    producer = reliable_producer(bootstrap, f"{hris.group_id}.dlq")
    dead_letters = KafkaDeadLetters(producer, hris.dead_letter_topic)
    faults = Faults(hris.crash_point, hris.crash_after)
    desk = ParkingDesk(service, hris.topic)
    ingestor = Ingestor(service, dead_letters, desk, hris.park_max_age_seconds, faults)
    location = settings.store_location
    in_store = location.kind == "kafka" and location.target == bootstrap
    consumer = HrisConsumer(
        hris_consumer(bootstrap, hris.group_id), hris.topic, hris.group_id,
        committed_in_store(service.recorder) if in_store else None,
    )
    from gateways.observability.instrument import observe_hris

    ingestion = HrisIngestion(ingestor, consumer, dead_letters, hris.poll_timeout_ms)
    return observe_hris(ingestion)  # metrics and spans of its commands and writes


def build_hris_publisher(settings: Settings, hris: HrisSettings) -> HrisPublisher:
    """A publisher of raw lines to the HRIS topic (created if missing)."""
    from gateways.entrypoints.hris.kafka_clients import ensure_topics, reliable_producer
    from gateways.entrypoints.hris.publish import HrisPublisher

    bootstrap = hris_bootstrap(settings, hris)
    ensure_topics(bootstrap, [hris.topic], hris.partitions, settings.kafka_replication_factor)
    return HrisPublisher(reliable_producer(bootstrap, "mentoring-hris-publish"), hris.topic)


# --- the read side: projector and analytics -------------------------------------------------


def open_read_side_analytics(settings: Settings) -> AnalyticsSession:
    """The analyst snapshot if one is published, else the projector's DuckDB file read-only."""
    import duckdb

    from gateways.read_side import AnalyticsSession, ReadSideUnavailable, open_snapshot_analytics
    from projections.analyst_sql import open_read_only
    from projections.analytics import Analytics

    snapshot = settings.analyst_snapshot_path
    if snapshot.exists():
        return open_snapshot_analytics(snapshot)
    if not settings.duckdb.exists():
        raise ReadSideUnavailable(
            f"nothing projected at {settings.duckdb} yet: run `mentoring project` first"
        )
    try:
        connection = open_read_only(settings.duckdb)
        return AnalyticsSession(Analytics(connection), None, settings.duckdb, settings.duckdb)
    except duckdb.IOException as error:
        raise ReadSideUnavailable(
            f"{settings.duckdb} is locked by a running projector and no snapshot is published "
            f"at {snapshot}: stop the projector, or let it publish (`mentoring project` does) "
            f"({str(error).splitlines()[0]})"
        ) from None
