"""The scheduler loop: a pass when the business day starts and every interval after, on the
server's clock in MENTORING_TIMEZONE; on Kafka also the notification topic's publisher.

It runs inside `mentoring serve` (a background thread sharing the API's service: on Kafka that
process is the application's one writer) or alone as `mentoring scheduler`. If the Kafka store
fences it (another process took the writer role), it stops: only the writer schedules.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from typing import Any

import structlog
from eventsourcing.persistence import OperationalError
from kafka.errors import KafkaError

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


class Scheduler:
    """Runs passes over one service; publishes the outbox topic when given a publisher."""

    def __init__(
        self,
        service: Any,
        clock: Clock,
        *,
        interval_seconds: float = 60.0,
        publisher: Any | None = None,
        tick_seconds: float = 1.0,
    ) -> None:
        self.service = service
        self.clock = clock
        self.interval_seconds = interval_seconds
        self.publisher = publisher
        self.tick_seconds = tick_seconds
        self.index = SchedulerIndex()
        self.stop = threading.Event()
        self.last_pass: PassReport | None = None
        self.fenced = False

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


class BackgroundScheduler:
    """A Scheduler on a daemon thread, for the API process."""

    def __init__(self, scheduler: Scheduler) -> None:
        self.scheduler = scheduler
        self._thread: threading.Thread | None = None
        self.failure: BaseException | None = None

    def start(self) -> None:
        """Start scheduling (once)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="scheduler", daemon=True)
            self._thread.start()

    @property
    def running(self) -> bool:
        """Whether the scheduler thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    def stop(self, timeout: float = 30.0) -> None:
        """Ask the loop to stop and wait for it."""
        self.scheduler.stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        try:
            self.scheduler.run()
        except BaseException as error:  # the API goes on serving
            self.failure = error
            log.error("scheduler_stopped", error=str(error), error_type=type(error).__name__)
