"""On Kafka only the writer schedules: a scheduler whose store another process fenced stops."""

from __future__ import annotations

import threading
from datetime import date

from domain.base import Stamp
from domain.notifications import Notification, NotificationType
from domain.requests import EXPIRED, PENDING, MentorshipRequest
from gateways.entrypoints.scheduler.runner import Clock, Scheduler
from services.mentoring import MentoringService
from services.scheduling import SchedulerIndex, run_pass
from tests.services.scenario import Scenario

DAY = date(2024, 3, 15)


def kafka_service(bootstrap: str, prefix: str) -> MentoringService:
    """A mentoring service on the Kafka store of the test."""
    return MentoringService(env={
        "PERSISTENCE_MODULE": "gateways.stores.kafka",
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "KAFKA_TOPIC_PREFIX": prefix,
    })


def test_a_fenced_scheduler_stops_and_the_new_writer_schedules(
    kafka_bootstrap: str, unique_name: str
) -> None:
    old = kafka_service(kafka_bootstrap, unique_name)
    world = Scenario(old)  # the old process is the writer
    for person in ("M1", "T1"):
        world.hire(person)
    world.program()
    world.mentor(world.program_id, "M1")
    world.mentee(world.program_id, "T1")
    request_id = world.request(world.program_id, "T1", ("M1",))  # respond by 2024-03-31
    late = Clock(fixed=date(2024, 4, 2))
    scheduler = Scheduler(old, late, interval_seconds=0.1, tick_seconds=0.05)
    new = kafka_service(kafka_bootstrap, unique_name)
    new.save(
        Notification.send(
            notification_type=NotificationType.SURVEY_DUE, recipient_id="E2",
            business_date=DAY, cause="x", stamp=Stamp("scheduler", DAY),
        )
    )  # the new process takes the writer role: the old one is fenced
    runner = threading.Thread(target=scheduler.run)
    runner.start()
    runner.join(30)
    assert not runner.is_alive() and scheduler.fenced  # it stopped: fenced, it expired nothing
    assert new.load(MentorshipRequest, request_id).status == PENDING
    assert run_pass(new, SchedulerIndex(), late.today()).recorded == 1  # the writer expires it
    assert new.load(MentorshipRequest, request_id).status == EXPIRED
    old.close()
    new.close()
