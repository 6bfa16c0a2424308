"""Building the scheduler from the settings (the composition root calls these)."""

from __future__ import annotations

from datetime import date
from typing import Any

from gateways.entrypoints.scheduler.runner import Clock, Scheduler
from gateways.settings import Settings


def build_publisher(settings: Settings, service: Any) -> Any | None:
    """The outbox topic's publisher on a Kafka store (None on other stores)."""
    location = settings.store_location
    if location.kind != "kafka":
        return None
    from gateways.entrypoints.notifications.publisher import NotificationPublisher

    return NotificationPublisher(
        service, location.target, settings.kafka_topic_prefix,
        replication_factor=settings.kafka_replication_factor,
        client_options=settings.kafka_security().client_kwargs(),
    )


def build_scheduler(
    settings: Settings,
    service: Any,
    *,
    today: date | None = None,
    interval_seconds: float = 60.0,
    publish: bool = True,
) -> Scheduler:
    """A scheduler over ``service`` on the configured clock (``today`` fixes the date)."""
    publisher = build_publisher(settings, service) if publish else None
    return Scheduler(
        service, Clock(settings.timezone, today), interval_seconds=interval_seconds,
        publisher=publisher,
    )
