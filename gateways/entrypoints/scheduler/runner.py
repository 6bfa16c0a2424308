"""The scheduler loop: a pass when the business day starts and every interval after, on the
server's clock in MENTORING_TIMEZONE; on Kafka also the notification topic's publisher.

It runs inside `mentoring serve` (a background thread sharing the API's service: on Kafka that
process is the application's one writer) or alone as `mentoring scheduler`. If the Kafka store
fences it (another process took the writer role), it stops: only the writer schedules.
"""

from __future__ import annotations

import threading
from dataclasses import KW_ONLY, dataclass, field
from datetime import date
from typing import Any

import structlog
from eventsourcing.persistence import OperationalError
from kafka.errors import KafkaError

from gateways.background import BackgroundLoop
from services.scheduling import PassReport, SchedulerIndex, business_today, run_pass

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Clock:
    """Business dates: the server's clock in ``timezone``, or a fixed day (tests, back-fills)."""

    timezone: str = "UTC"
    fixed: date | None = None

    def today(self) -> date:
        """Today's business date."""
        return self.fixed or business_today(self.timezone)


@dataclass(eq=False)
class Scheduler:
    """Runs passes over one service; publishes the outbox topic when given a publisher."""

    service: Any
    clock: Clock
    _: KW_ONLY
    interval_seconds: float = 60.0
    publisher: Any | None = None
    tick_seconds: float = 1.0
    index: SchedulerIndex = field(default_factory=SchedulerIndex, init=False)
    stop: threading.Event = field(default_factory=threading.Event, init=False)
    last_pass: PassReport | None = field(default=None, init=False)
    fenced: bool = field(default=False, init=False)

    def run_once(self) -> PassReport:
        """One pass for today, then publish what is new."""
        report = run_pass(self.service, self.index, self.clock.today())
        self.last_pass = report
        self.publish()
        return report

    def publish(self) -> int:
        """Copy new notifications to the outbox topic (none without a publisher)."""
        return self.publisher.publish_once() if self.publisher is not None else 0

    def run(self) -> None:
        """Pass, then publish every tick and pass again every interval, until ``stop``."""
        from gateways.stores.kafka.errors import WriterFencedError

        due = 0.0
        try:
            while not self.stop.is_set():
                try:
                    if due <= 0:
                        due = self.interval_seconds
                        self.run_once()
                    else:
                        self.publish()
                except WriterFencedError:
                    raise
                except (OperationalError, KafkaError) as error:  # away: try again next time
                    log.error("scheduler_store_failed", error=str(error))
                self.stop.wait(self.tick_seconds)
                due -= self.tick_seconds
        except WriterFencedError as error:  # another process is the writer: it schedules
            self.fenced = True
            log.warning("scheduler_fenced", error=str(error))
        finally:
            if self.publisher is not None:
                self.publisher.close()


class BackgroundScheduler(BackgroundLoop):
    """A Scheduler on a daemon thread, for the API process."""

    def __init__(self, scheduler: Scheduler) -> None:
        super().__init__(scheduler, "scheduler")
        self.scheduler = scheduler
